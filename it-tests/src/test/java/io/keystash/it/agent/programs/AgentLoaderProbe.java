package io.keystash.it.agent.programs;

import io.keystash.it.support.Hashes;

/**
 * Reports which class loader holds the agent's classes ({@code loader=boot}, {@code app} or
 * {@code none}) and what {@code OPENAI_API_KEY} reads as ({@code getenv.OPENAI_API_KEY=HASH}).
 */
public final class AgentLoaderProbe {
    private AgentLoaderProbe() {
    }

    public static void main(String[] args) {
        String loader;
        try {
            Class<?> agent = Class.forName("io.keystash.agent.KeystashAgent", false, ClassLoader.getSystemClassLoader());
            loader = agent.getClassLoader() == null ? "boot"
                    : agent.getClassLoader() == ClassLoader.getSystemClassLoader() ? "app" : "other";
        } catch (ClassNotFoundException e) {
            loader = "none";
        }
        System.out.println("loader=" + loader);
        System.out.println("getenv.OPENAI_API_KEY=" + Hashes.of(System.getenv("OPENAI_API_KEY")));
    }
}

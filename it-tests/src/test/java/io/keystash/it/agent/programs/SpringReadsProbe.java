package io.keystash.it.agent.programs;

import io.keystash.it.support.Hashes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot application whose bean reads a key once, at start ({@code @Value}), and keeps it,
 * as most applications keep an SDK client: prints {@code ready}, runs until its stdin closes, then
 * reports (as hashes) the value its bean holds, what Spring's {@code Environment} answers for
 * {@code PROBE_KEY}, and what {@code System.getenv} answers for it now.
 */
@Configuration(proxyBeanMethods = false)
public class SpringReadsProbe {
    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(SpringReadsProbe.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = application.run(args)) {
            Client client = context.getBean(Client.class);
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes stdin
            }
            System.out.println("bean.OPENAI_API_KEY=" + Hashes.of(client.key()));
            // Spring's Environment asked now, and System.getenv asked now.
            System.out.println("environment.PROBE_KEY=" + Hashes.of(context.getEnvironment().getProperty("PROBE_KEY")));
            System.out.println("getenv.PROBE_KEY=" + Hashes.of(System.getenv("PROBE_KEY")));
            System.out.println("main=ran");
        }
    }

    @Bean
    Client client(@Value("${OPENAI_API_KEY}") String key) {
        return new Client(key);
    }

    /** What an SDK client built at start holds. */
    record Client(String key) {
    }
}

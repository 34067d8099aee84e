package io.keystash.it.agent.programs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.it.support.Hashes;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.bouncycastle.crypto.digests.SHA256Digest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * An application with its own (older) Jackson, Byte Buddy and Bouncy Castle on its class path, run
 * under the agent (which shades newer ones): reports which jars its classes came from, that each
 * library works, and what it sees for a bound variable.
 */
public final class ConflictProbe {
    private ConflictProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("jackson.jar=" + jarOf(ObjectMapper.class));
        System.out.println("bytebuddy.jar=" + jarOf(ByteBuddy.class));
        System.out.println("bouncycastle.jar=" + jarOf(SHA256Digest.class));

        String json = new ObjectMapper().writeValueAsString(Map.of("k", "v"));
        System.out.println("jackson.works=" + json.equals("{\"k\":\"v\"}"));

        Class<?> generated = new ByteBuddy(ClassFileVersion.JAVA_V17).subclass(Object.class)
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("generated"))
                .make().load(ConflictProbe.class.getClassLoader()).getLoaded();
        System.out.println("bytebuddy.works=" + generated.getDeclaredConstructor().newInstance().toString().equals("generated"));

        SHA256Digest digest = new SHA256Digest();
        byte[] input = "abc".getBytes(StandardCharsets.UTF_8);
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        System.out.println("bouncycastle.works=" + ((out[0] & 0xff) == 0xba && (out[1] & 0xff) == 0x78));

        System.out.println("getenv.OPENAI_API_KEY=" + Hashes.of(System.getenv("OPENAI_API_KEY")));
        System.out.println("main=ran");
    }

    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
    }
}

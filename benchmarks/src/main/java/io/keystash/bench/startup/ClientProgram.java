package io.keystash.bench.startup;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.function.IntPredicate;

/**
 * {@link TinyProgram} with what a program that calls an API over the network starts anyway,
 * whatever its agent: a lambda, a {@link SecureRandom} (the security providers; any TLS client)
 * and a NIO socket channel (the selector provider; {@code java.net.http}, Netty). It tells what an
 * agent's own use of these JDK parts costs a real client program, not the empty one.
 */
public final class ClientProgram {
    private ClientProgram() {
    }

    public static void main(String[] args) throws IOException {
        byte[] seed = new byte[16];
        new SecureRandom().nextBytes(seed);
        SocketChannel.open().close();
        IntPredicate set = i -> System.getenv("VAR_" + i) != null;
        int found = 0;
        for (int i = 0; i < 20; i++) {
            if (set.test(i)) {
                found++;
            }
        }
        System.out.println(found);
    }
}

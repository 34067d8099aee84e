package io.keystash.bench.steps;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.vault.crypto.Aead;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.Argon2Parameters;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One step of the start path, timed inside a fresh JVM: its first call (cold: class loading,
 * interpreter, first JIT) and its typical call once warm. Run by {@code benchmarks/startup/run.sh}
 * (group {@code steps}) once per round, so every cold figure is a new JVM's; prints
 * {@code cold=MS warm=MS}.
 *
 * <p>Why in the repository: the agent's design was chosen from these figures (Argon2id and
 * PBKDF2 cost, the JCE's and Jackson's cold start, a signed Bouncy Castle jar); anyone can check
 * them on their own machine. Inputs are made before the clock starts, without the library being
 * measured (a JCE ciphertext is made with Bouncy Castle and the other way round; the JSON document
 * with a {@link StringBuilder}). Usage: {@code StepProbe STEP}; Bouncy Castle's first use is
 * {@link BouncyCastleFirstUse}'s.
 */
public final class StepProbe {
    private static final long WARM_BUDGET_NANOS = 1_500_000_000L;
    private static final int WARM_MAX_RUNS = 12;
    private static final int WARM_MIN_RUNS = 3;

    private static final byte[] SALT = "keystash-step-probe-salt".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY = Arrays.copyOf("keystash-step-probe-key".getBytes(StandardCharsets.US_ASCII), 32);
    private static final byte[] NONCE = Arrays.copyOf("step-nonce".getBytes(StandardCharsets.US_ASCII), 12);

    private static volatile Object sink;

    private StepProbe() {
    }

    public static void main(String[] args) throws Exception {
        String step = args[0];
        Object input = prepare(step);
        long start = System.nanoTime();
        sink = run(step, input);
        long cold = System.nanoTime() - start;
        long[] warm = new long[WARM_MAX_RUNS];
        int runs = 0;
        long warmStart = System.nanoTime();
        while (runs < WARM_MAX_RUNS && (runs < WARM_MIN_RUNS || System.nanoTime() - warmStart < WARM_BUDGET_NANOS)) {
            long t = System.nanoTime();
            sink = run(step, input);
            warm[runs++] = System.nanoTime() - t;
        }
        // The later half: the first warm-up calls may still run in the interpreter or C1.
        long[] later = Arrays.copyOfRange(warm, runs / 2, runs);
        Arrays.sort(later);
        System.out.printf("cold=%.1f warm=%.1f%n", cold / 1e6, later[later.length / 2] / 1e6);
    }

    /** The step's input, made without the code the step measures. */
    private static Object prepare(String step) throws Exception {
        switch (step) {
            case "aes-gcm-1k-jce": {
                // Sealed by Bouncy Castle's GCM with a fixed nonce: no SecureRandom, which would start the JCE's providers.
                GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
                gcm.init(true, new AEADParameters(new KeyParameter(KEY), 128, NONCE));
                byte[] sealed = new byte[NONCE.length + gcm.getOutputSize(1024)];
                System.arraycopy(NONCE, 0, sealed, 0, NONCE.length);
                byte[] plaintext = kilobyte();
                int n = gcm.processBytes(plaintext, 0, plaintext.length, sealed, NONCE.length);
                gcm.doFinal(sealed, NONCE.length + n);
                return sealed;
            }
            case "aes-gcm-1k-bc": {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, NONCE));
                byte[] ciphertext = cipher.doFinal(kilobyte());
                byte[] sealed = new byte[NONCE.length + ciphertext.length];
                System.arraycopy(NONCE, 0, sealed, 0, NONCE.length);
                System.arraycopy(ciphertext, 0, sealed, NONCE.length, ciphertext.length);
                return sealed;
            }
            case "jackson-databind-1mb":
            case "jackson-streaming-1mb":
                return jsonDocument(1 << 20);
            default:
                return null;
        }
    }

    private static Object run(String step, Object input) throws Exception {
        switch (step) {
            case "argon2id-19m-t2-p1":
                return argon2id(19 * 1024, 2, 1);
            case "argon2id-64m-t3-p1":
                return argon2id(64 * 1024, 3, 1);
            case "argon2id-64m-t3-p4":
                return argon2id(64 * 1024, 3, 4);
            case "pbkdf2-sha256-600k": {
                PBEKeySpec spec = new PBEKeySpec("correct horse battery staple".toCharArray(), SALT, 600_000, 256);
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            }
            case "aes-gcm-1k-jce": {
                byte[] sealed = (byte[]) input;
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"),
                        new GCMParameterSpec(128, sealed, 0, Aead.NONCE_BYTES));
                return cipher.doFinal(sealed, Aead.NONCE_BYTES, sealed.length - Aead.NONCE_BYTES);
            }
            case "aes-gcm-1k-bc":
                return Aead.open(KEY, (byte[]) input, new byte[0]);
            case "jackson-databind-1mb":
                return new ObjectMapper().readValue((byte[]) input, Map.class);
            case "jackson-streaming-1mb":
                return countTokens((byte[]) input);
            default:
                throw new IllegalArgumentException("unknown step " + step);
        }
    }

    private static byte[] argon2id(int memoryKiB, int iterations, int parallelism) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withSalt(SALT)
                .withMemoryAsKB(memoryKiB).withIterations(iterations).withParallelism(parallelism).build());
        byte[] out = new byte[32];
        generator.generateBytes("correct horse battery staple".getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    private static int countTokens(byte[] json) throws Exception {
        int tokens = 0;
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                tokens++;
            }
        }
        return tokens;
    }

    private static byte[] kilobyte() {
        byte[] plaintext = new byte[1024];
        for (int i = 0; i < plaintext.length; i++) {
            plaintext[i] = (byte) ('a' + i % 26);
        }
        return plaintext;
    }

    /** A JSON object of about {@code bytes} bytes: string, number and array members. */
    private static byte[] jsonDocument(int bytes) {
        StringBuilder json = new StringBuilder(bytes + 256).append('{');
        for (int i = 0; json.length() < bytes; i++) {
            json.append(i == 0 ? "" : ",").append("\"key-").append(i).append("\":{\"name\":\"value-").append(i)
                    .append("\",\"version\":").append(i % 10).append(",\"tags\":[\"a\",\"b\"]}");
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}

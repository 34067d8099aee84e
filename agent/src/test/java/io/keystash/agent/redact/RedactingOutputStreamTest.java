package io.keystash.agent.redact;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Redaction of the bytes that pass through a print stream, however the writes are cut. */
class RedactingOutputStreamTest {
    private static final String KEY = "sk-live-0123456789abcdef";
    private static final String TOKEN = "tok-9876543210";

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

    private RedactingOutputStream redacting(Charset charset, Map<String, String> served) {
        return new RedactingOutputStream(sink, Patterns.none(charset).with(served));
    }

    private PrintStream printStream(Map<String, String> served) {
        return new PrintStream(redacting(StandardCharsets.UTF_8, served), true, StandardCharsets.UTF_8);
    }

    private static Map<String, String> served() {
        Map<String, String> served = new LinkedHashMap<>();
        served.put("OPENAI_API_KEY", KEY);
        served.put("service.token", TOKEN);
        served.put("AWS_REGION", "eu-west"); // 7 characters: too short to redact
        return served;
    }

    private String output() {
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printlnAndPrintfComeOutWithNames() {
        PrintStream out = printStream(served());
        out.println("key=" + KEY);
        out.printf("token %s and key %s%n", TOKEN, KEY);
        out.println("region eu-west");
        assertThat(output()).isEqualTo("key=[keystash:OPENAI_API_KEY]\n"
                + "token [keystash:service.token] and key [keystash:OPENAI_API_KEY]\nregion eu-west\n");
    }

    @Test
    void aValueSplitAcrossWritesIsStillCaughtAndHeldBytesThatAreNoValueGoOn() {
        PrintStream out = printStream(served());
        out.print("key=" + KEY.substring(0, 7));
        assertThat(output()).as("what could still be the value waits").isEqualTo("key=");
        out.print(KEY.substring(7));
        out.println();
        out.print("sk-li");
        out.println("ke a prefix only");
        assertThat(output()).isEqualTo("key=[keystash:OPENAI_API_KEY]\nsk-like a prefix only\n");
    }

    @Test
    void outputCutAtEveryByteIsRedactedAlike() throws Exception {
        String text = "a " + KEY + " b " + TOKEN + TOKEN + " c sk-live-01234 " + KEY.substring(0, 10) + "\n" + KEY;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String expected = "a [keystash:OPENAI_API_KEY] b [keystash:service.token][keystash:service.token] c sk-live-01234 "
                + KEY.substring(0, 10) + "\n[keystash:OPENAI_API_KEY]";
        Random random = new Random(19);
        for (int round = 0; round < 200; round++) {
            sink.reset();
            RedactingOutputStream stream = redacting(StandardCharsets.UTF_8, served());
            int at = 0;
            while (at < bytes.length) {
                int length = round == 0 ? 1 : 1 + random.nextInt(Math.min(12, bytes.length - at));
                if (length == 1 && random.nextBoolean()) {
                    stream.write(bytes[at]);
                } else {
                    stream.write(bytes, at, length);
                }
                stream.flush();
                at += length;
            }
            stream.release();
            assertThat(output()).isEqualTo(expected);
            assertThat(output()).doesNotContain(KEY).doesNotContain(TOKEN);
        }
    }

    @Test
    void theLongestValueWinsAndANewValueIsAddedToTheOldOnes() throws Exception {
        Map<String, String> served = new LinkedHashMap<>();
        served.put("SHORT", "abcdefgh");
        served.put("LONG", "abcdefgh-ijkl");
        RedactingOutputStream stream = redacting(StandardCharsets.UTF_8, served);
        stream.write("abcdefgh".getBytes(StandardCharsets.UTF_8));
        stream.write("-ijkl abcdefgh!".getBytes(StandardCharsets.UTF_8));
        stream.patterns(stream.patterns().with(Map.of("SHORT", "rotated-value-2")));
        stream.write(" rotated-value-2 abcdefgh\n".getBytes(StandardCharsets.UTF_8));
        stream.release();
        assertThat(output()).isEqualTo("[keystash:LONG] [keystash:SHORT]! [keystash:SHORT] [keystash:SHORT]\n");
    }

    @Test
    void aValueIsCaughtInTheStreamsOwnCharsetToo() throws Exception {
        Charset latin1 = StandardCharsets.ISO_8859_1;
        String value = "clé-secrète-42";
        PrintStream out = new PrintStream(redacting(latin1, Map.of("FR_KEY", value)), true, latin1);
        out.println("v=" + value);
        sink.write(("|" + value).getBytes(StandardCharsets.UTF_8)); // what a UTF-8 appender would have written
        assertThat(sink.toString(latin1)).startsWith("v=[keystash:FR_KEY]\n");
        assertThat(Patterns.none(latin1).with(Map.of("FR_KEY", value)).match(value.getBytes(StandardCharsets.UTF_8), 0,
                value.getBytes(StandardCharsets.UTF_8).length, false)).isGreaterThanOrEqualTo(0);
    }
}

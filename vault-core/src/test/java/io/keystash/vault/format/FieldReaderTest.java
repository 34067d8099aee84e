package io.keystash.vault.format;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.keystash.vault.SeededCases.bytes;
import static io.keystash.vault.SeededCases.cases;
import static io.keystash.vault.SeededCases.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** {@link FieldWriter} and {@link FieldReader}: the tagged-field encoding inside every record. */
class FieldReaderTest {
    private static final long SEED = 0x4649454C44L;

    /** A generated field: a string, a number, raw bytes or a nested list. */
    private sealed interface Field permits Text, Number, Raw, Nested {
        int tag();
    }

    private record Text(int tag, String value) implements Field {
    }

    private record Number(int tag, long value) implements Field {
    }

    private record Raw(int tag, List<Byte> value) implements Field {
    }

    private record Nested(int tag, List<Field> fields) implements Field {
    }

    private static List<Field> randomFields(SplittableRandom random, int depth) {
        List<Field> fields = new ArrayList<>();
        int count = random.nextInt(depth == 0 ? 12 : 5);
        for (int i = 0; i < count; i++) {
            int tag = random.nextInt(256);
            switch (random.nextInt(depth < 3 ? 4 : 3)) {
                case 0 -> fields.add(new Text(tag, text(random, 30)));
                case 1 -> fields.add(new Number(tag, random.nextLong()));
                case 2 -> {
                    List<Byte> raw = new ArrayList<>();
                    for (byte b : bytes(random, random.nextInt(40))) {
                        raw.add(b);
                    }
                    fields.add(new Raw(tag, raw));
                }
                default -> fields.add(new Nested(tag, randomFields(random, depth + 1)));
            }
        }
        return fields;
    }

    private static FieldWriter write(List<Field> fields) {
        FieldWriter out = new FieldWriter();
        for (Field field : fields) {
            if (field instanceof Text t) {
                out.string(t.tag(), t.value());
            } else if (field instanceof Number n) {
                out.number(n.tag(), n.value());
            } else if (field instanceof Raw r) {
                byte[] raw = new byte[r.value().size()];
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = r.value().get(i);
                }
                out.bytes(r.tag(), raw);
            } else if (field instanceof Nested n) {
                out.nested(n.tag(), write(n.fields()));
            }
        }
        return out;
    }

    /** Reads back following the expected shape (a reader knows what each of its tags holds). */
    private static List<Field> read(FieldReader in, List<Field> shape) throws MalformedException {
        List<Field> fields = new ArrayList<>();
        for (Field expected : shape) {
            assertThat(in.next()).isTrue();
            int tag = in.tag();
            if (expected instanceof Text) {
                fields.add(new Text(tag, in.string()));
            } else if (expected instanceof Number) {
                fields.add(new Number(tag, in.number()));
            } else if (expected instanceof Raw) {
                List<Byte> raw = new ArrayList<>();
                for (byte b : in.bytes()) {
                    raw.add(b);
                }
                fields.add(new Raw(tag, raw));
            } else if (expected instanceof Nested n) {
                fields.add(new Nested(tag, read(in.nested(), n.fields())));
            }
        }
        assertThat(in.next()).as("no field beyond the written ones").isFalse();
        return fields;
    }

    @TestFactory
    Stream<DynamicTest> writtenFieldsReadBackInOrder() {
        return cases(SEED, 300, random -> {
            List<Field> fields = randomFields(random, 0);
            byte[] encoded = write(fields).toByteArray();
            assertThat(read(new FieldReader(encoded), fields)).isEqualTo(fields);
        });
    }

    @TestFactory
    Stream<DynamicTest> randomBytesNeverEscapeAsUncheckedExceptions() {
        return cases(SEED + 1_000, 300, random -> {
            byte[] junk = random.nextBoolean()
                    ? bytes(random, random.nextInt(200))
                    : mutate(random, write(randomFields(random, 0)).toByteArray());
            try {
                walk(new FieldReader(junk), 0);
            } catch (MalformedException expected) {
                // refused cleanly
            } catch (RuntimeException e) {
                fail("FieldReader threw " + e.getClass().getName() + ": " + e.getMessage());
            }
        });
    }

    private static byte[] mutate(SplittableRandom random, byte[] encoded) {
        if (encoded.length > 0) {
            encoded[random.nextInt(encoded.length)] = (byte) random.nextInt(256);
        }
        return encoded;
    }

    /** Reads every field every way a record reader might. */
    private static void walk(FieldReader in, int depth) throws MalformedException {
        while (in.next()) {
            in.bytes();
            try {
                in.number();
            } catch (MalformedException notANumber) {
                // fine: most fields are not 8 bytes long
            }
            try {
                in.string();
            } catch (MalformedException notText) {
                // fine: random bytes are rarely UTF-8
            }
            if (depth < 4) {
                walk(in.nested(), depth + 1);
            }
        }
    }

    @Test
    void numberOfWrongWidthAndTruncatedFieldsAreMalformed() throws Exception {
        FieldReader in = new FieldReader(new FieldWriter().string(1, "abc").toByteArray());
        assertThat(in.next()).isTrue();
        assertThatThrownBy(in::number).isInstanceOf(MalformedException.class);

        byte[] encoded = new FieldWriter().string(1, "abcdef").toByteArray();
        FieldReader cut = new FieldReader(java.util.Arrays.copyOf(encoded, encoded.length - 1));
        assertThatThrownBy(cut::next).isInstanceOf(MalformedException.class);

        FieldReader invalid = new FieldReader(new FieldWriter().bytes(1, new byte[] {(byte) 0xC3, 0x28}).toByteArray());
        assertThat(invalid.next()).isTrue();
        assertThatThrownBy(invalid::string).isInstanceOf(MalformedException.class);
    }

    @Test
    void nullStringsAreLeftOut() throws Exception {
        FieldReader in = new FieldReader(new FieldWriter().string(1, null).string(2, "").toByteArray());
        assertThat(in.next()).isTrue();
        assertThat(in.tag()).isEqualTo(2);
        assertThat(in.string()).isEmpty();
        assertThat(in.next()).isFalse();
    }
}

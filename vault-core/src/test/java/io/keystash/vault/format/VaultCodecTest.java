package io.keystash.vault.format;

import io.keystash.vault.SeededCases;
import io.keystash.vault.crypto.Aead;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.crypto.Pbkdf2Params;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.keystash.vault.SeededCases.bytes;
import static io.keystash.vault.SeededCases.cases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class VaultCodecTest {
    private static final long SEED = 0x434F444543L;
    private static final int WRAPPED = Aead.OVERHEAD + 32;
    /** Offset of the header: magic (8), major (1), minor (1), header length (4). */
    private static final int HEADER_START = 14;

    // ---- generators -----------------------------------------------------------------------------

    /** {@code count} records of {@code kind} named k0, k1, …, each of {@code minSize..maxSize} random bytes. */
    static Map<RecordId, byte[]> namedRecords(SplittableRandom random, byte[] idKey, RecordKind kind, int count,
                                              int minSize, int maxSize) {
        Map<RecordId, byte[]> records = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            records.put(RecordId.of(idKey, kind, "k" + i), bytes(random, minSize + random.nextInt(maxSize - minSize + 1)));
        }
        return records;
    }

    static KdfParams randomKdf(SplittableRandom random) {
        if (random.nextBoolean()) {
            return new Pbkdf2Params(1 + random.nextInt(Pbkdf2Params.MAX_ITERATIONS));
        }
        int lanes = 1 + random.nextInt(Argon2idParams.MAX_PARALLELISM);
        int iterations = 1 + random.nextInt(Argon2idParams.MAX_ITERATIONS);
        long maxMemory = Math.min(Argon2idParams.MAX_MEMORY_KIB, Argon2idParams.MAX_WORK_KIB / iterations);
        int memory = 8 * lanes + random.nextInt((int) (maxMemory - 8 * lanes + 1));
        return new Argon2idParams(memory, iterations, lanes);
    }

    static KeySlot randomSlot(SplittableRandom random, long id, boolean passphraseAllowed) {
        byte[] salt = bytes(random, SlotCodec.MIN_SALT + random.nextInt(SlotCodec.MAX_SALT - SlotCodec.MIN_SALT + 1));
        byte[] wrapped = bytes(random, WRAPPED);
        int choice = random.nextInt(passphraseAllowed ? 5 : 3);
        return switch (choice) {
            case 0 -> new KeyFileSlot(id, salt, wrapped);
            case 1 -> new RecipientSlot(id, SlotKind.KEY_FILE, null, null, bytes(random, 32), wrapped);
            case 2 -> new RecipientSlot(id, SlotKind.IDENTITY, null, null, bytes(random, 32), wrapped);
            case 3 -> new PassphraseSlot(id, randomKdf(random), salt, wrapped);
            default -> new RecipientSlot(id, SlotKind.PASSPHRASE, randomKdf(random), salt, bytes(random, 32), wrapped);
        };
    }

    /** Slots with distinct ids and at most one passphrase slot, as every header has. */
    static List<KeySlot> randomSlots(SplittableRandom random, int maxCount, boolean legacyOnly) {
        List<KeySlot> slots = new ArrayList<>();
        int count = 1 + random.nextInt(maxCount);
        boolean passphrase = false;
        for (int i = 0; i < count; i++) {
            KeySlot slot = legacyOnly ? legacySlot(random, i + 1, !passphrase) : randomSlot(random, i + 1 + random.nextInt(1000) * 1000L, !passphrase);
            passphrase |= slot.kind() == SlotKind.PASSPHRASE;
            slots.add(slot);
        }
        return slots;
    }

    private static KeySlot legacySlot(SplittableRandom random, long id, boolean passphraseAllowed) {
        byte[] salt = bytes(random, SlotCodec.MIN_SALT + random.nextInt(SlotCodec.MAX_SALT - SlotCodec.MIN_SALT + 1));
        return passphraseAllowed && random.nextBoolean() ? new PassphraseSlot(id, randomKdf(random), salt, bytes(random, WRAPPED))
                : new KeyFileSlot(id, salt, bytes(random, WRAPPED));
    }

    static Header randomHeader(SplittableRandom random) {
        List<KeySlot> slots = randomSlots(random, random.nextInt(8) == 0 ? VaultCodec.MAX_SLOTS : 4, false);
        return new Header(VaultCodec.MINOR, VaultId.of(bytes(random, 16)), random.nextLong(1L << 40), slots);
    }

    static Map<RecordId, byte[]> randomRecords(SplittableRandom random) {
        byte[] idKey = bytes(random, 32);
        Map<RecordId, byte[]> records = new LinkedHashMap<>();
        int count = random.nextInt(40);
        for (int i = 0; i < count; i++) {
            RecordKind kind = RecordKind.values()[random.nextInt(RecordKind.values().length)];
            RecordId id = kind == RecordKind.VALUE
                    ? RecordId.ofValue(idKey, "k" + random.nextInt(1000), 1 + random.nextInt(20))
                    : RecordId.of(idKey, kind, "n" + random.nextInt(1000));
            int length = random.nextInt(10) == 0 ? random.nextInt(5000) : random.nextInt(200);
            records.put(id, bytes(random, length));
        }
        return records;
    }

    static String describe(KeySlot slot) {
        HexFormat hex = HexFormat.of();
        return slot.type() + "|" + slot.id() + "|" + hex.formatHex(slot.parameterBytes()) + "|" + hex.formatHex(slot.wrappedKey())
                + (slot instanceof PassphraseSlot p ? "|" + p.kdf() : "");
    }

    static List<String> describe(List<KeySlot> slots) {
        return slots.stream().map(VaultCodecTest::describe).toList();
    }

    static List<String> describe(Header header) {
        List<String> out = new ArrayList<>(describe(header.slots()));
        out.add(header.vaultId() + "|" + header.generation());
        return out;
    }

    static Map<RecordId, String> describe(Map<RecordId, byte[]> records) {
        Map<RecordId, String> out = new TreeMap<>();
        records.forEach((id, bytes) -> out.put(id, HexFormat.of().formatHex(bytes)));
        return out;
    }

    // ---- round trips ----------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> writeThenParseGivesBackHeaderAndRecords() {
        return cases(SEED, 300, random -> {
            Header header = randomHeader(random);
            Map<RecordId, byte[]> records = randomRecords(random);
            byte[] macKey = bytes(random, 32);
            byte[] file = VaultCodec.write(header, records, macKey);

            ParsedVault parsed = VaultCodec.parse(file);
            assertThat(parsed.header().minor()).isEqualTo(VaultCodec.MINOR);
            assertThat(describe(parsed.header())).isEqualTo(describe(header));
            assertThat(describe(parsed.records())).isEqualTo(describe(records));
            assertThat(VaultCodec.macMatches(file, macKey)).isTrue();
            assertThat(VaultCodec.macMatches(file, bytes(random, 32))).isFalse();
            assertThat(VaultCodec.write(parsed.header(), parsed.records(), macKey))
                    .as("the encoding is canonical").isEqualTo(file);
            assertThat(new ArrayList<>(parsed.records().keySet())).as("records are written in id order").isSorted();
        });
    }

    @Test
    void fileStartsWithMagicAndVersion() {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] file = VaultCodec.write(randomHeader(random), Map.of(), bytes(random, 32));
        assertThat(Arrays.copyOf(file, 8)).isEqualTo("KEYSTASH".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(file[8]).isEqualTo((byte) VaultCodec.MAJOR);
        assertThat(file[9]).isEqualTo((byte) VaultCodec.MINOR);
    }

    // ---- format 1 files and the grouped MAC of format 2 ------------------------------------------

    @TestFactory
    Stream<DynamicTest> format1And2FilesAreReadWithTheirOwnMacAndHeader() {
        return cases(SEED + 4_000, 100, random -> {
            Header header = randomHeader(random);
            Map<RecordId, byte[]> records = randomRecords(random);
            byte[] macKey = bytes(random, 32);
            List<KeySlot> legacySlots = randomSlots(random, 4, true);
            byte[] v2 = LegacyFormat.asFormat2(VaultCodec.write(header, records, macKey), legacySlots, macKey);
            byte[] v1 = Reseal.asFormat1(v2, macKey);

            ParsedVault parsed2 = VaultCodec.parse(v2);
            assertThat(parsed2.major()).isEqualTo(VaultCodec.MAJOR_V2);
            assertThat(parsed2.header().vaultId()).as("format 2 has no vault id").isNull();
            assertThat(parsed2.header().generation()).isZero();
            assertThat(describe(parsed2.header().slots())).isEqualTo(describe(legacySlots));
            assertThat(describe(parsed2.records())).isEqualTo(describe(records));
            assertThat(VaultCodec.macMatches(v2, macKey)).isTrue();

            ParsedVault parsed = VaultCodec.parse(v1);
            assertThat(parsed.major()).isEqualTo(VaultCodec.MAJOR_V1);
            assertThat(describe(parsed.records())).isEqualTo(describe(records));
            assertThat(VaultCodec.macMatches(v1, macKey)).isTrue();
            assertThat(VaultCodec.macMatches(v1, bytes(random, 32))).isFalse();
            byte[] flipped = v1.clone();
            flipped[random.nextInt(v1.length)] ^= 1;
            assertThat(VaultCodec.macMatches(flipped, macKey)).as("one bit changed").isFalse();
            assertThat(parsed.table().knownDigest(random.nextInt(SortedRecords.GROUPS)))
                    .as("a format 1 MAC gives no group digests to reuse").isNull();
            Header upgraded = new Header(VaultCodec.MINOR, header.vaultId(), 1, parsed.header().slots());
            assertThat(VaultCodec.write(upgraded, parsed.table(), macKey))
                    .as("written back, it becomes the format 3 file of the same content")
                    .isEqualTo(VaultCodec.write(upgraded, records, macKey));
        });
    }

    @Test
    void aFormat1RecordOverItsOneMebibyteCapIsMalformedButFormat2TakesIt() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED + 7_000);
        byte[] macKey = bytes(random, 32);
        Map<RecordId, byte[]> records = Map.of(RecordId.of(bytes(random, 32), RecordKind.CATALOG, ""),
                bytes(random, VaultCodec.MAX_RECORD_BYTES_V1 + 1));
        byte[] v3 = VaultCodec.write(randomHeader(random), records, macKey);
        assertThat(VaultCodec.parse(v3).table().count()).isEqualTo(1);
        byte[] v2 = LegacyFormat.asFormat2(v3, randomSlots(random, 2, true), macKey);
        assertThat(VaultCodec.parse(v2).table().count()).isEqualTo(1);
        assertThatThrownBy(() -> VaultCodec.parse(Reseal.asFormat1(v2, macKey)))
                .isInstanceOf(MalformedException.class).hasMessageContaining("exceeds " + VaultCodec.MAX_RECORD_BYTES_V1);
    }

    // ---- hostile input --------------------------------------------------------------------------

    /** Parses, accepting only the two checked outcomes a hostile file may produce. */
    private static void parseNeverThrowsUnchecked(byte[] file, String what) {
        try {
            VaultCodec.parse(file);
        } catch (MalformedException | NewerFormatException expected) {
            // refused cleanly
        } catch (Throwable e) {
            fail(what + " (" + file.length + " bytes): parse threw " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    @TestFactory
    Stream<DynamicTest> randomBytesAreRefusedCleanly() {
        return cases(SEED + 1_000, 300, random -> {
            for (int i = 0; i < 20; i++) {
                byte[] file = bytes(random, random.nextInt(random.nextBoolean() ? 64 : 2000));
                if (random.nextBoolean() && file.length >= 14) {
                    // get past the signature so the deeper fields are exercised too
                    System.arraycopy(VaultCodec.MAGIC, 0, file, 0, 8);
                    file[8] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : VaultCodec.MAJOR);
                }
                parseNeverThrowsUnchecked(file, "random file " + i);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> mutatedValidFilesAreRefusedCleanly() {
        return cases(SEED + 2_000, 300, random -> {
            byte[] valid = VaultCodec.write(randomHeader(random), randomRecords(random), bytes(random, 32));
            for (int i = 0; i < 20; i++) {
                byte[] file = valid.clone();
                int changes = 1 + random.nextInt(4);
                for (int c = 0; c < changes; c++) {
                    int at = random.nextInt(file.length);
                    switch (random.nextInt(4)) {
                        case 0 -> file[at] ^= (byte) (1 << random.nextInt(8));
                        case 1 -> file[at] = (byte) 0xFF;
                        case 2 -> file[at] = (byte) 0x7F;
                        default -> file = Arrays.copyOf(file, at);
                    }
                    if (file.length == 0) {
                        break;
                    }
                }
                // re-seal the header checksum so mutations inside the header reach the slot parser
                if (random.nextBoolean()) {
                    resealChecksum(file);
                }
                parseNeverThrowsUnchecked(file, "mutation " + i);
            }
        });
    }

    @Test
    void truncatedAndExtendedFilesAreMalformed() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED + 3_000);
        Map<RecordId, byte[]> records = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            records.put(RecordId.of(bytes(random, 32), RecordKind.KEY, "k" + i), bytes(random, 60));
        }
        byte[] valid = VaultCodec.write(randomHeader(random), records, bytes(random, 32));
        VaultCodec.parse(valid);
        for (int length = 0; length < valid.length; length++) {
            try {
                VaultCodec.parse(Arrays.copyOf(valid, length));
                fail("a file truncated to " + length + " of " + valid.length + " bytes was parsed");
            } catch (MalformedException expected) {
                // refused
            }
        }
        assertThatThrownBy(() -> VaultCodec.parse(Arrays.copyOf(valid, valid.length + 1)))
                .isInstanceOf(MalformedException.class).hasMessageContaining("after the file MAC");
    }

    @Test
    void newerMajorVersionIsItsOwnFailure() {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] file = VaultCodec.write(randomHeader(random), Map.of(), bytes(random, 32));
        file[8] = (byte) (VaultCodec.MAJOR + 1);
        assertThatThrownBy(() -> VaultCodec.parse(file)).isInstanceOfSatisfying(NewerFormatException.class,
                e -> assertThat(e.major()).isEqualTo(VaultCodec.MAJOR + 1));
    }

    @Test
    void newerMinorVersionIsReadAndReported() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] file = VaultCodec.write(randomHeader(random), Map.of(), bytes(random, 32));
        file[9] = 7;
        resealChecksum(file);
        assertThat(VaultCodec.parse(file).header().minor()).isEqualTo(7);
    }

    // ---- KDF caps -------------------------------------------------------------------------------

    /** A file with one passphrase slot whose KDF fields are replaced by {@code kdfFields}. */
    private static byte[] withKdfFields(int kdfId, int... fields) {
        KdfParams kdf = kdfId == 1 ? new Argon2idParams(64, 1, 1) : new Pbkdf2Params(1000);
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] file = VaultCodec.write(new Header(0, VaultId.of(bytes(random, 16)), 1,
                        List.of(new RecipientSlot(5, SlotKind.PASSPHRASE, kdf, bytes(random, 16), bytes(random, 32), bytes(random, WRAPPED)))),
                Map.of(), bytes(random, 32));
        // header: cipher (1), vault id (16), generation (8), slot count (2), then the slot: type (1),
        // length (2), id (8), kind (1), KDF id (1), fields
        int at = HEADER_START + 1 + 16 + 8 + 2 + 3 + 8 + 1 + 1;
        for (int field : fields) {
            file[at] = (byte) (field >>> 24);
            file[at + 1] = (byte) (field >>> 16);
            file[at + 2] = (byte) (field >>> 8);
            file[at + 3] = (byte) field;
            at += 4;
        }
        resealChecksum(file);
        return file;
    }

    @Test
    void kdfFieldsAreWhereThisTestPatchesThem() throws Exception {
        ParsedVault parsed = VaultCodec.parse(withKdfFields(1, 4096, 2, 3));
        assertThat(((RecipientSlot) parsed.header().slots().get(0)).kdf()).isEqualTo(new Argon2idParams(4096, 2, 3));
        parsed = VaultCodec.parse(withKdfFields(2, 700_000));
        assertThat(((RecipientSlot) parsed.header().slots().get(0)).kdf()).isEqualTo(new Pbkdf2Params(700_000));
    }

    @Test
    void argon2MemoryAboveTheCapIsRefusedAtParse() {
        // 2^31 KiB does not even fit our u32 range; 2^30 KiB (1 TiB) fits but is above the 1 GiB cap
        assertThatThrownBy(() -> VaultCodec.parse(withKdfFields(1, 1 << 31, 1, 1))).isInstanceOf(MalformedException.class);
        assertThatThrownBy(() -> VaultCodec.parse(withKdfFields(1, 1 << 30, 1, 1)))
                .isInstanceOf(MalformedException.class).hasMessageContaining("KDF parameters refused");
        assertThatThrownBy(() -> VaultCodec.parse(withKdfFields(1, Argon2idParams.MAX_MEMORY_KIB, 16, 1)))
                .as("memory × passes above the work cap").isInstanceOf(MalformedException.class);
        assertThatThrownBy(() -> VaultCodec.parse(withKdfFields(1, 65536, 1 << 20, 1))).isInstanceOf(MalformedException.class);
        assertThatThrownBy(() -> VaultCodec.parse(withKdfFields(1, 65536, 1, 1 << 20))).isInstanceOf(MalformedException.class);
        assertThatThrownBy(() -> VaultCodec.parse(withKdfFields(1, 65536, 0, 1))).isInstanceOf(MalformedException.class);
    }

    @Test
    void pbkdf2IterationsAboveTheCapAreRefusedAtParse() {
        assertThatThrownBy(() -> VaultCodec.parse(withKdfFields(2, 1 << 31))).isInstanceOf(MalformedException.class);
        assertThatThrownBy(() -> VaultCodec.parse(withKdfFields(2, 1 << 30)))
                .isInstanceOf(MalformedException.class).hasMessageContaining("KDF parameters refused");
        assertThatThrownBy(() -> VaultCodec.parse(withKdfFields(2, Pbkdf2Params.MAX_ITERATIONS + 1))).isInstanceOf(MalformedException.class);
        assertThatThrownBy(() -> VaultCodec.parse(withKdfFields(2, 0))).isInstanceOf(MalformedException.class);
    }

    @Test
    void hostileLengthsAreRefusedBeforeAllocating() {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] file = VaultCodec.write(randomHeader(random), Map.of(), bytes(random, 32));
        byte[] hugeHeader = file.clone();
        hugeHeader[10] = 0x7F;
        assertThatThrownBy(() -> VaultCodec.parse(hugeHeader)).isInstanceOf(MalformedException.class).hasMessageContaining("header length");

        int headerLength = (file[10] & 0xFF) << 24 | (file[11] & 0xFF) << 16 | (file[12] & 0xFF) << 8 | file[13] & 0xFF;
        int countAt = HEADER_START + headerLength + 32;
        byte[] hugeCount = file.clone();
        hugeCount[countAt] = 0x7F;
        assertThatThrownBy(() -> VaultCodec.parse(hugeCount)).isInstanceOf(MalformedException.class).hasMessageContaining("record count");
        byte[] manyRecords = file.clone();
        manyRecords[countAt + 1] = 0x10;
        assertThatThrownBy(() -> VaultCodec.parse(manyRecords)).isInstanceOf(MalformedException.class);
    }

    static void resealChecksum(byte[] file) {
        Reseal.checksum(file);
    }

    static void resealMac(byte[] file, byte[] macKey) {
        Reseal.mac(file, macKey);
    }

    @Test
    void resealHelpersProduceAFileThatParsesAndAuthenticates() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] macKey = bytes(random, 32);
        byte[] file = VaultCodec.write(randomHeader(random), randomRecords(random), macKey);
        file[9] = 1;
        resealChecksum(file);
        resealMac(file, macKey);
        assertThat(VaultCodec.parse(file).header().minor()).isEqualTo(1);
        assertThat(VaultCodec.macMatches(file, macKey)).isTrue();
    }
}

package io.keystash.agent.cache;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The cache on real files: where it writes, with which modes, and everything it refuses to read. */
class ClassFileCacheTest {
    private static final List<String> NAMES = List.of("java/lang/System", "java/lang/ProcessBuilder");
    private static final CacheKey KEY = CacheKey.builder().text("cache-test").build();

    @TempDir
    Path home;
    ClassFileCache cache;
    Path file;

    @BeforeEach
    void setUp() throws IOException {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        cache = ClassFileCache.under(home);
        file = cache.file(KEY);
    }

    private static Map<String, byte[]> classes() {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String name : NAMES) {
            byte[] bytes = new byte[64];
            ByteBuffer.wrap(bytes).putInt(0xCAFEBABE).put(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            classes.put(name, bytes);
        }
        return classes;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void storedClassesReadBackFromAnOwnerOnlyFile() throws IOException {
        assertThat(cache.load(KEY, NAMES).note()).isEqualTo("not in cache yet");
        assertThat(cache.store(KEY, classes())).isEqualTo("cached in " + file);

        assertThat(file.getParent()).isEqualTo(home.toRealPath().resolve("cache").resolve("agent"));
        assertThat(mode(file.getParent().getParent())).isEqualTo("rwx------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.toList()).as("no temp file left").containsExactly(file);
        }
        ClassFileCache.Lookup lookup = ClassFileCache.under(home).load(KEY, NAMES);
        assertThat(lookup.found()).isTrue();
        assertThat(lookup.note()).isEqualTo("classes read from cache " + file);
        assertThat(lookup.classes().get(NAMES.get(1))).isEqualTo(classes().get(NAMES.get(1)));
    }

    @Test
    void aMissingHomeMeansNoCacheAndIsNotCreated() {
        Path absent = home.resolve("absent");
        ClassFileCache none = ClassFileCache.under(absent);
        assertThat(none.load(KEY, NAMES).found()).isFalse();
        assertThat(none.load(KEY, NAMES).note()).isEqualTo("no cache: no folder " + absent);
        assertThat(none.store(KEY, classes())).startsWith("not cached: no folder");
        assertThat(absent).doesNotExist();
    }

    @Test
    void aDamagedFileIsIgnoredThenReplaced() throws IOException {
        cache.store(KEY, classes());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ClassFileCache.Lookup lookup = cache.load(KEY, NAMES);
        assertThat(lookup.found()).isFalse();
        assertThat(lookup.note()).isEqualTo("cache file ignored: truncated or overlong");

        cache.store(KEY, classes());
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(cache.load(KEY, NAMES).found()).isTrue();
    }

    @Test
    void aFileOthersCanWriteIsRefusedAndReplacedByAnOwnerOnlyOne() throws IOException {
        cache.store(KEY, classes());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        ClassFileCache.Lookup lookup = cache.load(KEY, NAMES);
        assertThat(lookup.found()).isFalse();
        assertThat(lookup.note()).isEqualTo("cache file refused: file " + file + " is accessible by other users (mode rw--w----); "
                + "run: chmod 600 " + file.toRealPath());

        assertThat(cache.store(KEY, classes())).startsWith("cached in");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(cache.load(KEY, NAMES).found()).isTrue();
    }

    @Test
    void aFolderOthersCanWriteIsNotUsed() throws IOException {
        cache.store(KEY, classes());
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(cache.load(KEY, NAMES).note()).isEqualTo("cache not used: folder " + file.getParent()
                + " is writable by other users (mode rwxrwxrwx), who could plant or replace Keystash's files there; run: chmod go-w "
                + file.getParent().toRealPath());
        assertThat(cache.store(KEY, classes())).startsWith("not cached: folder " + file.getParent());
    }

    @Test
    void aHomeOthersCanWriteGetsNoCacheFolder() throws IOException {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwx---"));
        assertThat(cache.store(KEY, classes())).startsWith("not cached: folder " + home.toRealPath());
        assertThat(home.resolve("cache")).doesNotExist();
        assertThat(cache.load(KEY, NAMES).found()).isFalse();
    }

    @Test
    void aFileInTheWayOfTheFolderMeansNotCached() throws IOException {
        Files.writeString(home.resolve("cache"), "not a folder");
        assertThat(cache.store(KEY, classes())).startsWith("not cached: cannot create folder");
        assertThat(cache.load(KEY, NAMES).found()).isFalse();
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws IOException {
        cache.store(KEY, classes());
        Path elsewhere = Files.move(file, home.resolve("elsewhere.classes"));
        Files.createSymbolicLink(file, elsewhere);
        assertThat(cache.load(KEY, NAMES).note()).isEqualTo("cache file refused: it is a symbolic link");
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws IOException {
        cache.store(KEY, classes());
        UserPrincipal nobody;
        try {
            nobody = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(file, nobody);
        } catch (IOException notRootOrNoSuchUser) {
            nobody = null;
        }
        assumeTrue(nobody != null, "changing a file's owner needs root and a user 'nobody'");
        assertThat(cache.load(KEY, NAMES).note()).startsWith("cache file refused: file " + file + " belongs to another user (uid ");
    }
}

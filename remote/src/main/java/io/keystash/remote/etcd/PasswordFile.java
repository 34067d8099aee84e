package io.keystash.remote.etcd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** An etcd user's password, read from its file when a token is needed and wiped after use. */
final class PasswordFile {
    private static final int MAX_BYTES = 4096;

    private PasswordFile() {
    }

    /** The file's text as UTF-8, one trailing newline dropped. The caller wipes it. */
    static char[] read(Path file) throws EtcdException {
        byte[] content;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new EtcdException(EtcdException.Kind.AUTH, "password file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EtcdException(EtcdException.Kind.AUTH, "cannot read password file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        try {
            int length = content.length;
            if (length > 0 && content[length - 1] == '\n') {
                length--;
                if (length > 0 && content[length - 1] == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                throw new EtcdException(EtcdException.Kind.AUTH, "password file " + file + " is empty");
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content, 0, length));
            char[] password = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (CharacterCodingException e) {
            throw new EtcdException(EtcdException.Kind.AUTH, "password file " + file + " is not UTF-8 text");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }
}

package io.keystash.cli.session;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.format.ByteReader;
import io.keystash.vault.format.ByteWriter;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.unlock.SlotKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * How {@code keystash unlock} hands the slot key to the session process it starts: over the
 * process's standard input, a pipe between the two — never its command line or environment, which
 * other processes can read in {@code /proc}. {@code magic (4) || kind (1) || vault id length (1) ||
 * vault id || private key (32) || origin length (2) || origin}.
 */
final class SessionHandoff {
    private static final byte[] MAGIC = {'K', 'S', 'H', '1'};
    private static final int MAX_BYTES = 4096;

    /** What the session process received; it owns {@link #key}. */
    record Received(SlotKey key, VaultId vaultId) {
    }

    private SessionHandoff() {
    }

    static void send(OutputStream out, SlotKey key, VaultId vaultId) throws IOException {
        ByteWriter writer = new ByteWriter(128).bytes(MAGIC).u8(key.kind().code());
        if (vaultId == null) {
            writer.u8(0);
        } else {
            writer.u8(VaultId.BYTES).bytes(vaultId.bytes());
        }
        byte[] origin = key.origin().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        writer.bytes(key.privateKey()).u16(Math.min(origin.length, 1024)).bytes(origin, 0, Math.min(origin.length, 1024));
        byte[] bytes = writer.toByteArray();
        writer.wipe();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    static Received receive(InputStream in) throws VaultException {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES);
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read the session's key from standard input: " + e.getMessage());
        }
        try {
            ByteReader reader = new ByteReader(bytes);
            if (!Arrays.equals(reader.bytes(MAGIC.length), MAGIC)) {
                throw new MalformedException("not a session hand-off");
            }
            SlotKind kind = kindOf(reader.u8());
            int idLength = reader.u8();
            VaultId vaultId = idLength == 0 ? null : VaultId.of(reader.bytes(idLength));
            byte[] privateKey = reader.bytes(32);
            String origin = reader.utf8(reader.u16());
            if (reader.hasRemaining()) {
                Arrays.fill(privateKey, (byte) 0);
                throw new MalformedException("trailing bytes");
            }
            return new Received(SlotKey.of(kind, privateKey, origin), vaultId);
        } catch (MalformedException | IllegalArgumentException e) {
            throw new VaultException(Failure.INVALID_INPUT, "the session process is started by keystash unlock, not by hand");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static SlotKind kindOf(int code) throws MalformedException {
        for (SlotKind kind : SlotKind.values()) {
            if (kind.code() == code) {
                return kind;
            }
        }
        throw new MalformedException("unknown kind");
    }
}

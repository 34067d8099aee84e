package io.keystash.vault.session;

import io.keystash.vault.format.ByteReader;
import io.keystash.vault.format.ByteWriter;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.SlotKind;

import java.time.Duration;
import java.time.Instant;

/**
 * The unlock session's wire format, between processes of one user on one machine. A frame is a
 * 4-byte big-endian length and that many bytes. A request starts with the version and an
 * operation; a reply with a status.
 *
 * <ul>
 *   <li>STATUS: reply {@code pid (8) || kind (1) || started, until (8 each, ms) || idle (8, ms, 0 = none) ||
 *       last use (8) || origin, vault (2-byte length + UTF-8 each)};</li>
 *   <li>UNWRAP {@code vault id length (1) || vault id || count (2) || count × (length (2) || slot in the
 *       header's encoding)}: reply {@code slot id (8) || public key (32) || data key (32)};</li>
 *   <li>STOP: reply empty; the session then ends.</li>
 * </ul>
 */
final class SessionProtocol {
    static final int VERSION = 1;
    static final int OP_STATUS = 1;
    static final int OP_UNWRAP = 2;
    static final int OP_STOP = 3;

    static final int OK = 0;
    /** No slot sent is sealed to the session's key (a new passphrase, a removed member). */
    static final int NOT_OPENED = 1;
    /** The slots are from another vault than the session's. */
    static final int OTHER_VAULT = 2;
    /** The session's time is up (it ends after this reply). */
    static final int ENDED = 3;
    static final int BAD_REQUEST = 4;

    /** Largest frame either side accepts: room for thousands of member slots. */
    static final int MAX_FRAME = 4 << 20;

    private SessionProtocol() {
    }

    static byte[] statusReply(SessionStatus status) {
        return new ByteWriter(256).u8(OK).u64(status.pid()).u8(status.kind().code())
                .u64(status.started().toEpochMilli()).u64(status.until().toEpochMilli())
                .u64(status.idle() == null ? 0 : status.idle().toMillis()).u64(status.lastUse().toEpochMilli())
                .u16(utf8Length(status.origin())).utf8(status.origin())
                .u16(utf8Length(status.vault())).utf8(status.vault())
                .toByteArray();
    }

    static SessionStatus readStatus(ByteReader in) throws MalformedException {
        long pid = in.u64();
        SlotKind kind = kindOf(in.u8());
        Instant started = Instant.ofEpochMilli(in.u64());
        Instant until = Instant.ofEpochMilli(in.u64());
        long idleMillis = in.u64();
        Instant lastUse = Instant.ofEpochMilli(in.u64());
        String origin = in.utf8(in.u16());
        String vault = in.utf8(in.u16());
        return new SessionStatus(pid, kind, origin, vault, started, until,
                idleMillis == 0 ? null : Duration.ofMillis(idleMillis), lastUse);
    }

    static SlotKind kindOf(int code) throws MalformedException {
        for (SlotKind kind : SlotKind.values()) {
            if (kind.code() == code) {
                return kind;
            }
        }
        throw new MalformedException("unknown slot kind " + code);
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}

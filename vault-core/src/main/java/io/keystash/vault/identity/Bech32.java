package io.keystash.vault.identity;

import java.util.Arrays;

/**
 * Bech32 (BIP 173), the encoding age uses for its recipients and identities: a human-readable
 * prefix, the separator {@code 1}, the data in a 32-character alphabet without look-alikes, and a
 * six-character BCH checksum that catches any mistyped character and any swap of two neighbours.
 *
 * <p>Why it is written here: it is an encoding (no secret is involved), a page of the BIP, and no
 * declared library offers it. Identities carry a secret key in it, so decoding never puts the
 * input in a message.
 */
final class Bech32 {
    private static final String ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final int CHECKSUM_LENGTH = 6;
    private static final int MAX_LENGTH = 200;

    private Bech32() {
    }

    /** Thrown for a string that is not valid Bech32 of the expected prefix; the message quotes no input. */
    static final class InvalidEncodingException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidEncodingException(String message) {
            super(message);
        }
    }

    /** Encodes {@code data} (8-bit bytes) with the lower-case prefix {@code hrp}. */
    static String encode(String hrp, byte[] data) {
        byte[] values = regroup(data, 8, 5, true);
        byte[] checksum = checksum(hrp, values);
        StringBuilder out = new StringBuilder(hrp.length() + 1 + values.length + CHECKSUM_LENGTH);
        out.append(hrp).append('1');
        for (byte value : values) {
            out.append(ALPHABET.charAt(value));
        }
        for (byte value : checksum) {
            out.append(ALPHABET.charAt(value));
        }
        Arrays.fill(values, (byte) 0);
        return out.toString();
    }

    /**
     * Decodes text of either case (not mixed) whose prefix is {@code hrp}; returns the 8-bit data.
     * The text is read as a {@link CharSequence} and never copied into a String, so an identity's
     * secret read from a file can be decoded from bytes that are wiped afterwards.
     */
    static byte[] decode(String hrp, CharSequence text) throws InvalidEncodingException {
        int length = text.length();
        if (length > MAX_LENGTH) {
            throw new InvalidEncodingException("too long");
        }
        boolean lower = false;
        boolean upper = false;
        int separator = -1;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                throw new InvalidEncodingException("contains a character outside printable ASCII");
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            if (c == '1') {
                separator = i;
            }
        }
        if (lower && upper) {
            throw new InvalidEncodingException("mixes upper and lower case");
        }
        if (separator != hrp.length() || !startsWithIgnoringCase(text, hrp)) {
            throw new InvalidEncodingException("does not start with " + hrp + "1");
        }
        int dataLength = length - separator - 1;
        if (dataLength < CHECKSUM_LENGTH) {
            throw new InvalidEncodingException("is too short");
        }
        byte[] values = new byte[dataLength];
        for (int i = 0; i < dataLength; i++) {
            int value = ALPHABET.indexOf(Character.toLowerCase(text.charAt(separator + 1 + i)));
            if (value < 0) {
                Arrays.fill(values, (byte) 0);
                throw new InvalidEncodingException("contains a character that Bech32 does not use");
            }
            values[i] = (byte) value;
        }
        if (polymod(expand(hrp), values) != 1) {
            Arrays.fill(values, (byte) 0);
            throw new InvalidEncodingException("fails its checksum (mistyped or cut short?)");
        }
        byte[] payload = Arrays.copyOf(values, dataLength - CHECKSUM_LENGTH);
        Arrays.fill(values, (byte) 0);
        try {
            return regroup(payload, 5, 8, false);
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException("has the wrong length for its content");
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    private static boolean startsWithIgnoringCase(CharSequence text, String lowerPrefix) {
        for (int i = 0; i < lowerPrefix.length(); i++) {
            if (Character.toLowerCase(text.charAt(i)) != lowerPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] checksum(String hrp, byte[] values) {
        byte[] withZeros = Arrays.copyOf(values, values.length + CHECKSUM_LENGTH);
        int mod = polymod(expand(hrp), withZeros) ^ 1;
        Arrays.fill(withZeros, (byte) 0);
        byte[] out = new byte[CHECKSUM_LENGTH];
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] expand(String hrp) {
        byte[] out = new byte[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = (byte) (hrp.charAt(i) >> 5);
            out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
        }
        return out;
    }

    private static int polymod(byte[] prefix, byte[] values) {
        int check = 1;
        check = polymodUpdate(check, prefix);
        return polymodUpdate(check, values);
    }

    private static int polymodUpdate(int check, byte[] values) {
        for (byte value : values) {
            int top = check >>> 25;
            check = ((check & 0x1ffffff) << 5) ^ (value & 0xff);
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    check ^= GENERATOR[i];
                }
            }
        }
        return check;
    }

    /** Regroups bits from {@code from}-bit to {@code to}-bit values (BIP 173's convertbits). */
    private static byte[] regroup(byte[] data, int from, int to, boolean pad) {
        int accumulator = 0;
        int bits = 0;
        int max = (1 << to) - 1;
        byte[] out = new byte[(data.length * from + to - 1) / to];
        int length = 0;
        for (byte b : data) {
            int value = b & 0xff;
            accumulator = (accumulator << from) | value;
            bits += from;
            while (bits >= to) {
                bits -= to;
                out[length++] = (byte) ((accumulator >>> bits) & max);
            }
        }
        if (pad && bits > 0) {
            out[length++] = (byte) ((accumulator << (to - bits)) & max);
        } else if (!pad && (bits >= from || ((accumulator << (to - bits)) & max) != 0)) {
            Arrays.fill(out, (byte) 0);
            throw new IllegalArgumentException("non-zero padding");
        }
        if (length == out.length) {
            return out;
        }
        byte[] exact = Arrays.copyOf(out, length);
        Arrays.fill(out, (byte) 0); // it may hold an identity's secret
        return exact;
    }
}

package io.keystash.agent.intercept;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The smallest class-file surgery the agent needs, done on the constant pool only: point a
 * method reference at another class, and rename a package in every UTF-8 constant.
 *
 * <p>Neither changes a single byte of code, so offsets, stack map frames and exception tables stay
 * as {@code javac} wrote them, and nothing has to be parsed beyond the constant pool. This is what
 * keeps the agent's start near the cost of an empty agent: a bytecode library (even Byte Buddy's
 * repackaged ASM) costs 50–100 ms of class loading and interpretation here.
 */
final class ClassFilePatcher {
    private static final int UTF8 = 1;
    private static final int CLASS = 7;
    private static final int METHODREF = 10;
    private static final int NAME_AND_TYPE = 12;

    private final byte[] original;
    private final int count;
    private final int[] offsets;
    private final int poolEnd;
    private final byte[] pool;
    private byte[] appended = new byte[0];
    private int added;

    ClassFilePatcher(byte[] classFile) throws InterceptionException {
        original = classFile;
        if (classFile.length < 10 || u4(classFile, 0) != 0xCAFEBABE) {
            throw new InterceptionException("not a class file");
        }
        count = u2(classFile, 8);
        offsets = new int[count];
        int position = 10;
        for (int index = 1; index < count; index++) {
            offsets[index] = position;
            int tag = classFile[position] & 0xff;
            position = entryEnd(classFile, position);
            if (tag == 5 || tag == 6) {
                index++; // a long or a double takes two entries
            }
        }
        poolEnd = position;
        pool = Arrays.copyOfRange(classFile, 10, poolEnd);
    }

    /** The index of the one {@code Methodref owner.name descriptor}, or 0 when there is none. */
    int methodref(String owner, String name, String descriptor) throws InterceptionException {
        int found = 0;
        for (int index = 1; index < count; index++) {
            int offset = offsets[index];
            if (offset == 0 || (original[offset] & 0xff) != METHODREF) {
                continue;
            }
            int nameAndType = offsets[u2(original, offset + 3)];
            if (utf8Equals(u2(original, offsets[u2(original, offset + 1)] + 1), owner)
                    && utf8Equals(u2(original, nameAndType + 1), name)
                    && utf8Equals(u2(original, nameAndType + 3), descriptor)) {
                if (found != 0) {
                    throw new InterceptionException("two references to " + owner + "." + name);
                }
                found = index;
            }
        }
        return found;
    }

    /** Appends {@code CONSTANT_Class internalName} and returns its index. */
    int addClass(String internalName) {
        byte[] name = internalName.getBytes(StandardCharsets.UTF_8);
        int utf8Index = count + added;
        byte[] entries = new byte[3 + name.length + 3];
        entries[0] = UTF8;
        putU2(entries, 1, name.length);
        System.arraycopy(name, 0, entries, 3, name.length);
        entries[3 + name.length] = CLASS;
        putU2(entries, 4 + name.length, utf8Index);
        byte[] grown = Arrays.copyOf(appended, appended.length + entries.length);
        System.arraycopy(entries, 0, grown, appended.length, entries.length);
        appended = grown;
        added += 2;
        return utf8Index + 1;
    }

    /** Makes the method reference at {@code methodref} name the class at {@code classIndex}. */
    void setOwner(int methodref, int classIndex) {
        putU2(pool, offsets[methodref] - 10 + 1, classIndex);
    }

    byte[] toByteArray() {
        byte[] result = new byte[original.length + appended.length];
        System.arraycopy(original, 0, result, 0, 8);
        putU2(result, 8, count + added);
        System.arraycopy(pool, 0, result, 10, pool.length);
        System.arraycopy(appended, 0, result, poolEnd, appended.length);
        System.arraycopy(original, poolEnd, result, poolEnd + appended.length, original.length - poolEnd);
        return result;
    }

    /**
     * Replaces {@code from} by {@code to} in every UTF-8 constant (class names, descriptors,
     * signatures). Both must be ASCII, which cannot occur inside a multi-byte character.
     */
    static byte[] renameInUtf8(byte[] classFile, String from, String to) throws InterceptionException {
        ClassFilePatcher parsed = new ClassFilePatcher(classFile);
        byte[] fromBytes = from.getBytes(StandardCharsets.US_ASCII);
        byte[] toBytes = to.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(classFile.length + 64);
        out.write(classFile, 0, 10);
        for (int index = 1; index < parsed.count; index++) {
            int offset = parsed.offsets[index];
            if (offset == 0) {
                continue;
            }
            if ((classFile[offset] & 0xff) == UTF8) {
                byte[] text = replaceAll(classFile, offset + 3, u2(classFile, offset + 1), fromBytes, toBytes);
                out.write(UTF8);
                out.write(text.length >>> 8);
                out.write(text.length);
                out.write(text, 0, text.length);
            } else {
                out.write(classFile, offset, entryEnd(classFile, offset) - offset);
            }
        }
        out.write(classFile, parsed.poolEnd, classFile.length - parsed.poolEnd);
        return out.toByteArray();
    }

    private static byte[] replaceAll(byte[] source, int start, int length, byte[] from, byte[] to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
        int position = start;
        int end = start + length;
        while (position < end) {
            if (position + from.length <= end && regionMatches(source, position, from)) {
                out.write(to, 0, to.length);
                position += from.length;
            } else {
                out.write(source[position++]);
            }
        }
        return out.toByteArray();
    }

    private static boolean regionMatches(byte[] source, int position, byte[] text) {
        for (int i = 0; i < text.length; i++) {
            if (source[position + i] != text[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where the constant pool entry at {@code offset} ends. */
    private static int entryEnd(byte[] classFile, int offset) throws InterceptionException {
        int tag = classFile[offset] & 0xff;
        return switch (tag) {
            case UTF8 -> offset + 3 + u2(classFile, offset + 1);
            case 3, 4 -> offset + 5;
            case 5, 6 -> offset + 9;
            case CLASS, 8, 16, 19, 20 -> offset + 3;
            case 9, METHODREF, 11, NAME_AND_TYPE, 17, 18 -> offset + 5;
            case 15 -> offset + 4;
            default -> throw new InterceptionException("unknown constant pool tag " + tag);
        };
    }

    /** Whether the UTF-8 constant at {@code index} is exactly the ASCII {@code text}. */
    private boolean utf8Equals(int index, String text) {
        int offset = offsets[index];
        if ((original[offset] & 0xff) != UTF8 || u2(original, offset + 1) != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (original[offset + 3 + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u2(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 8 | bytes[offset + 1] & 0xff;
    }

    private static int u4(byte[] bytes, int offset) {
        return u2(bytes, offset) << 16 | u2(bytes, offset + 2);
    }

    private static void putU2(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
    }
}

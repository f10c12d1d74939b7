package dev.eventfold.model;

/**
 * The character rules of the contract (CloudEvents' String type): no NUL (PostgreSQL cannot store U+0000 in text
 * or jsonb), no unpaired surrogates, no noncharacters; attributes also no C0/C1 control characters. And UTF-8
 * lengths, in which every limit is counted. {@link #printable} makes client input safe to echo in a message.
 */
public final class Text {

    private Text() {
    }

    /** Why a string breaks the rules, or null; {@code attribute} adds the control-character rule of attributes. */
    static String problem(String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                if (noncharacter(cp)) {
                    return "contains the noncharacter " + codePoint(cp) + " at index " + i;
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate " + codePoint(c) + " at index " + i;
            } else if (c == 0) {
                return "contains U+0000 (NUL) at index " + i + ", which cannot be stored";
            } else if (attribute && (c < 0x20 || (c >= 0x7F && c <= 0x9F))) {
                return "contains the control character " + codePoint(c) + " at index " + i;
            } else if (noncharacter(c)) {
                return "contains the noncharacter " + codePoint(c) + " at index " + i;
            }
        }
        return null;
    }

    /** U+FDD0..U+FDEF and the last two code points of every plane. */
    static boolean noncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    /** The length of a string in UTF-8 (an unpaired surrogate counted as three bytes, as it would be refused anyway). */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A string safe to echo in a message or field path: printable ASCII kept, the rest as \\uXXXX, at most 64 chars. */
    public static String printable(String s) {
        return printable(s, 64);
    }

    /** {@link #printable(String)} with another length. */
    static String printable(String s, int max) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return i < s.length() ? out + "..." : out.toString();
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }
}

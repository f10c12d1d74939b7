package dev.eventfold.webhooks.domain;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An endpoint's filter over event types or subjects: glob patterns where {@code *} matches any run of characters
 * ({@code dev.eventfold.campaign.*}); no pattern at all matches everything. Stored space-separated.
 */
public record Patterns(List<String> globs) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:/@*-]{1,256}");

    public Patterns {
        globs = List.copyOf(globs);
    }

    public static Patterns parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return new Patterns(List.of());
        }
        return new Patterns(Arrays.stream(stored.trim().split(" +")).toList());
    }

    /** Null when every glob is well formed, else what is wrong with the first bad one. */
    public static String problem(List<String> globs) {
        if (globs == null) {
            return null;
        }
        for (String glob : globs) {
            if (glob == null || !VALID.matcher(glob).matches()) {
                return "pattern '" + glob + "' must be 1-256 characters of letters, digits, . _ : / @ - and *";
            }
        }
        return null;
    }

    public String stored() {
        return String.join(" ", globs);
    }

    public boolean matches(String value) {
        if (globs.isEmpty()) {
            return true;
        }
        for (String glob : globs) {
            if (matches(glob, value)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String glob, String value) {
        int star = glob.indexOf('*');
        if (star < 0) {
            return glob.equals(value);
        }
        String[] parts = glob.split("\\*", -1);
        if (!value.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = value.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return value.length() - at >= last.length() && value.endsWith(last);
    }
}

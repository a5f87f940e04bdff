package dev.cairn.ui.kit;

import java.text.Collator;
import java.util.Comparator;

/**
 * File names as people sort them: runs of digits compare as numbers ("note-2" before "note-10"),
 * the rest by the locale's collation without regard to case ("apple" beside "Apple", before
 * "banana"). Names that only differ in what this ignores (case, leading zeros) fall back to plain
 * string order, so the order is total and stable.
 */
public final class NaturalOrder implements Comparator<String> {

    public static final NaturalOrder INSTANCE = new NaturalOrder();

    private final Collator collator;

    private NaturalOrder() {
        collator = Collator.getInstance();
        collator.setStrength(Collator.SECONDARY);
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int endA = runEnd(a, i);
            int endB = runEnd(b, j);
            boolean digitsA = Character.isDigit(a.charAt(i));
            boolean digitsB = Character.isDigit(b.charAt(j));
            int c;
            if (digitsA && digitsB) {
                c = compareNumbers(a.substring(i, endA), b.substring(j, endB));
            } else {
                c = collator.compare(a.substring(i, endA), b.substring(j, endB));
            }
            if (c != 0) {
                return c;
            }
            i = endA;
            j = endB;
        }
        int byLength = Integer.compare(a.length() - i, b.length() - j);
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    /** Where the run of digits, or of other characters, that starts at {@code from} ends. */
    private static int runEnd(String s, int from) {
        boolean digits = Character.isDigit(s.charAt(from));
        int end = from + 1;
        while (end < s.length() && Character.isDigit(s.charAt(end)) == digits) {
            end++;
        }
        return end;
    }

    /** Two runs of digits as numbers, however long: fewer significant digits is smaller. */
    private static int compareNumbers(String x, String y) {
        String a = stripLeadingZeros(x);
        String b = stripLeadingZeros(y);
        if (a.length() != b.length()) {
            return Integer.compare(a.length(), b.length());
        }
        for (int k = 0; k < a.length(); k++) {
            int c = Integer.compare(Character.digit(a.charAt(k), 10), Character.digit(b.charAt(k), 10));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String stripLeadingZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}

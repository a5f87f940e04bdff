package dev.cairn.embed;

/**
 * The tokens of a text without special tokens and without truncation, with the UTF-16 character
 * range each token came from, so a chunker can cut the text at token boundaries.
 *
 * @param ids the vocabulary ids
 * @param starts for each token, the index of its first character in the text
 * @param ends for each token, the index after its last character
 */
public record Tokens(long[] ids, int[] starts, int[] ends) {

    public Tokens {
        if (ids.length != starts.length || ids.length != ends.length) {
            throw new IllegalArgumentException("ids, starts and ends must have the same length");
        }
    }

    public int size() {
        return ids.length;
    }

    /**
     * White space as a BERT tokenizer sees it: it ends a word and becomes no token. Tab, line feed,
     * carriage return and the Unicode space, line and paragraph separators; not the other control
     * characters Java counts as white space (form feed, U+001C..U+001F), which BERT deletes, joining
     * the words on either side.
     */
    public static boolean isWhiteSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r' || Character.isSpaceChar(c);
    }
}

package dev.cairn.ingest;

/**
 * A run of document text that stays whole inside a chunk, where it starts, and its tokens; runs tile
 * the document text.
 *
 * @param source the tokens of the block the run is part of, from which its token ids can be read
 *     off; null when the block was not tokenized as a whole
 */
record Piece(String text, long start, int tokens, BlockTokens source) {

    Piece(String text, long start, int tokens) {
        this(text, start, tokens, null);
    }

    /** This piece, a part of the block whose tokens are {@code blockTokens}. */
    Piece of(BlockTokens blockTokens) {
        return new Piece(text, start, tokens, blockTokens);
    }
}

package dev.cairn.ingest.parse;

import java.io.IOException;
import java.nio.file.Path;

/** One file format: reads a file and streams its blocks to the emitter. */
interface FormatParser {

    /** What a parser learned about the document besides its blocks. */
    record Info(String title, int pageCount) {}

    Info parse(Path file, Sniffed sniffed, ParseBudget budget, BlockEmitter out) throws IOException, DocumentException;

    /** The file name without its extension: the title of last resort. */
    static String titleFromFileName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

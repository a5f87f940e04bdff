package dev.cairn.ingest.parse;

import java.nio.charset.Charset;

/** What {@link ContentSniffer} found: the format, and for text formats the encoding and BOM length. */
record Sniffed(Kind kind, Charset charset, int bomLength) {

    enum Kind {
        TEXT("text/plain"),
        MARKDOWN("text/markdown"),
        HTML("text/html"),
        PDF("application/pdf"),
        DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        EPUB("application/epub+zip"),
        ODT("application/vnd.oasis.opendocument.text"),
        RTF("application/rtf"),
        PPTX("application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ODP("application/vnd.oasis.opendocument.presentation"),
        ODS("application/vnd.oasis.opendocument.spreadsheet"),
        PNG("image/png"),
        JPEG("image/jpeg"),
        TIFF("image/tiff"),
        // Light markup, tables and code: DocumentTypes holds each extension's own media type.
        RST("text/x-rst"),
        ASCIIDOC("text/asciidoc"),
        ORG("text/x-org"),
        CSV("text/csv"),
        CODE("text/plain"),
        EML("message/rfc822"),
        MBOX("application/mbox");

        final String mediaType;

        Kind(String mediaType) {
            this.mediaType = mediaType;
        }
    }
}

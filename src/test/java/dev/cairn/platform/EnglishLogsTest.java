package dev.cairn.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Log lines stay English: the codes of phrases in a message, its arguments and its stack trace read as words. */
class EnglishLogsTest {

    @Test
    void aLogLineWritesEveryCodeInItAndInItsStackTraceInEnglishWhateverTheWindowSpeaks() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern("%msg%n%ex"); // the words logback.xml's rules give these converters
        layout.start();
        Locale before = Locale.getDefault();
        Texts.use(Locale.GERMAN);
        try {
            LoggingEvent event = new LoggingEvent(
                    EnglishLogsTest.class.getName(),
                    context.getLogger(EnglishLogsTest.class),
                    Level.WARN,
                    "Leaving out the added model in {}: {}",
                    new IllegalStateException(Phrase.of("model.notFolder", "/models/x")),
                    new Object[] {"/models/x", Phrase.of("parse.tooLarge", Phrase.of("size.megabytes", 2048), "1 GB")});

            String line = layout.doLayout(event);

            assertThat(line)
                    .startsWith("Leaving out the added model in /models/x: This file is 2,048 MB, over Cairn's limit")
                    .contains("java.lang.IllegalStateException: /models/x is not a folder.")
                    .doesNotContain("\u0002", "\u0003", "\u001F", "Datei", "Ordner");
        } finally {
            Texts.use(before);
            layout.stop();
        }
    }
}

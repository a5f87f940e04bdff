package dev.cairn.platform;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Logs stay English (ADR 0028), but a core exception's message is a {@link Phrase} code, and so is
 * many an argument a log line quotes (a parser's reason, a model folder's problem). These converters,
 * named in {@code logback.xml}, put every code of a line and of its stack trace into English words, so
 * that no call site has to remember {@link Phrase#english} and a log never shows control characters.
 */
public final class EnglishLogs {

    private EnglishLogs() {}

    /** {@code %msg}: the formatted message, its codes in English. */
    public static final class Message extends MessageConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return Phrase.english(super.convert(event));
        }
    }

    /** {@code %ex}: the stack trace, the codes in its exceptions' messages in English. */
    public static final class Thrown extends ThrowableProxyConverter {
        @Override
        protected String throwableProxyToString(IThrowableProxy proxy) {
            return Phrase.english(super.throwableProxyToString(proxy));
        }
    }
}

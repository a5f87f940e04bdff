package dev.cairn.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParseGuardTest {

    @Test
    void timeSpentInTheSinkIsNotChargedToTheParser() {
        AtomicLong now = new AtomicLong(1_000);
        ParseGuard.Watch watch = new ParseGuard.Watch(now::get, 50);
        List<Long> parserTimeSeenInsideSink = new ArrayList<>();

        now.addAndGet(10); // the parser works 10 ns
        watch.deliver(
                b -> {
                    now.addAndGet(3_600_000_000_000L); // downstream takes an hour
                    parserTimeSeenInsideSink.add(watch.parserNanos());
                },
                new Block("text", "", null, 0));
        now.addAndGet(5); // the parser works 5 ns more

        assertThat(parserTimeSeenInsideSink).containsExactly(10L);
        assertThat(watch.parserNanos()).isEqualTo(15);
    }

    @Test
    void anAbandonedParseDeliversNothingMore() {
        ParseGuard.Watch watch = new ParseGuard.Watch(System::nanoTime, 1_000_000_000L);
        List<Block> received = new ArrayList<>();
        watch.abandon();

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> watch.deliver(received::add, new Block("x", "", null, 0)))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(received).isEmpty();
    }
}

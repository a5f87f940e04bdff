package dev.cairn.store;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where the logs ended before a program ran, so that only its own lines are quoted afterwards. */
final class LogMarks {

    private static final Pattern SERVER_MESSAGE = Pattern.compile("\\b(LOG|WARNING|ERROR|FATAL|PANIC):\\s+(.*)$");
    private static final Pattern PROGRAM_ERROR = Pattern.compile("^(initdb|pg_ctl|postgres): (?:error: )?(.*)$");
    private static final Pattern COMPLAINT = Pattern.compile(
            "could not|invalid|syntax error|unrecognized|parameter|out of|no space|permission denied",
            Pattern.CASE_INSENSITIVE);
    /** What the programs add to every failure; the reason is in the other lines. */
    private static final Set<String> GENERIC = Set.of(
            "could not start server",
            "Examine the log output.",
            "removing data directory",
            "removing contents of data directory");

    private final Map<Path, Long> sizes = new LinkedHashMap<>();

    LogMarks(Path startLog, Path serverLogs) {
        sizes.put(startLog, size(startLog));
        if (Files.isDirectory(serverLogs)) {
            try (Stream<Path> files = Files.list(serverLogs)) {
                files.forEach(f -> sizes.put(f, size(f)));
            } catch (IOException e) {
                // the start log alone then
            }
        }
        sizes.put(serverLogs, -1L); // a marker: look for new files there too, the folder included
    }

    /** The first few distinct complaints written since the marks, in the server's words. */
    String reason() {
        Set<String> complaints = new LinkedHashSet<>();
        List<String> tail = new ArrayList<>();
        for (Path file : newLines()) {
            for (String line : read(file)) {
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                tail.add(text);
                Matcher server = SERVER_MESSAGE.matcher(text);
                Matcher program = PROGRAM_ERROR.matcher(text);
                if (server.find()) {
                    String level = server.group(1);
                    String message = server.group(2).strip();
                    // A FATAL line often only sums up ("configuration file contains errors"); the
                    // LOG lines before it say which value or address.
                    if (!level.equals("LOG") || COMPLAINT.matcher(message).lookingAt()) {
                        complaints.add(message);
                    }
                } else if (program.find()
                        && GENERIC.stream().noneMatch(program.group(2).strip()::startsWith)) {
                    complaints.add(program.group(2).strip());
                }
            }
        }
        if (!complaints.isEmpty()) {
            return String.join("; ", complaints.stream().limit(4).toList());
        }
        if (!tail.isEmpty()) {
            return String.join(" / ", tail.subList(Math.max(0, tail.size() - 3), tail.size()));
        }
        return Phrase.of("db.silent");
    }

    private List<Path> newLines() {
        List<Path> files = new ArrayList<>(
                sizes.keySet().stream().filter(p -> sizes.get(p) >= 0).toList());
        sizes.forEach((dir, mark) -> {
            if (mark < 0 && Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    list.filter(f -> !sizes.containsKey(f)).forEach(files::add);
                } catch (IOException e) {
                    // nothing new to read
                }
            }
        });
        return files;
    }

    private List<String> read(Path file) {
        long from = sizes.getOrDefault(file, 0L);
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            from = Math.max(from, length - 64 * 1024);
            if (length <= from) {
                return List.of();
            }
            byte[] bytes = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}

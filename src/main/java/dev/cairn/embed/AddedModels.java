package dev.cairn.embed;

import dev.cairn.platform.Phrase;
import dev.cairn.platform.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a person added, each a folder {@code NAME/} in the library's models folder holding a
 * copy of {@value ModelFiles.InFolder#GRAPH}, {@value ModelFiles.InFolder#TOKENIZER} and the
 * descriptor Cairn wrote after checking them. A copy, so that the library keeps working when the
 * person deletes the folder they exported into; written under a hidden name and renamed into place
 * once checked, so that a model half copied or failing its check is never listed.
 */
public final class AddedModels {

    private static final Logger log = LoggerFactory.getLogger(AddedModels.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String ADDING = ".adding-";
    /** An add that left its hidden folder this long ago was cut off (a crash, a kill): its copy goes. */
    private static final Duration ABANDONED = Duration.ofDays(1);

    private final Path dir;

    private AddedModels(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The models added in {@code dir} (the data directory's {@code models}); the folder is made on the first add. */
    public static AddedModels in(Path dir) {
        return new AddedModels(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Every added model, by name. A folder whose descriptor can't be read is left out, with a warning in the log. */
    public List<ModelSpec> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ModelSpec> models = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(
                dir, p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))) {
            for (Path folder : folders) {
                try {
                    models.add(read(folder));
                } catch (ModelFolderException e) {
                    log.warn("Leaving out the added model in {}: {}", folder, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the added models in " + dir, e);
        }
        models.sort(Comparator.comparing(ModelSpec::id));
        return models;
    }

    /** The added model with this id, or this name (case-insensitive). */
    public Optional<ModelSpec> find(String idOrName) {
        String wanted = idOrName == null ? "" : idOrName.strip().toLowerCase(Locale.ROOT);
        return list().stream()
                .filter(m -> m.id().equals(wanted) || m.name().equals(wanted))
                .findFirst();
    }

    /**
     * Checks the model in {@code source} and keeps a copy of it as {@code name} (null: the folder's
     * own name, made fit to be one). Its id is the name, {@code @} and the start of a SHA-256 over
     * its files and the descriptor's facts that change a vector.
     *
     * @throws ModelFolderException when the folder lacks a file, the descriptor is wrong, the model
     *     fails its check ({@link ModelCheck}), or the name is taken
     */
    public ModelSpec add(Path source, String name) {
        if (!Files.isDirectory(source)) {
            throw new ModelFolderException(Phrase.of("model.notFolder", source));
        }
        String chosen = name == null ? nameOf(source) : name.strip().toLowerCase(Locale.ROOT);
        requireFreeName(chosen);
        ModelFiles.InFolder given = new ModelFiles.InFolder(source);
        ModelDescriptor descriptor = ModelDescriptor.read(source);
        for (Path required : List.of(given.tokenizer(), given.graph())) {
            if (!Files.isRegularFile(required)) {
                throw new ModelFolderException(Phrase.of("model.missingFile", source, required.getFileName()));
            }
        }
        Path staging = dir.resolve(ADDING + chosen + "-" + UUID.randomUUID());
        try {
            PrivateFiles.createDirectories(dir);
            removeAbandoned();
            requireRoom(given);
            Files.createDirectory(staging);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            copy(given.graph(), staging.resolve(ModelFiles.InFolder.GRAPH), sha);
            copy(given.tokenizer(), staging.resolve(ModelFiles.InFolder.TOKENIZER), sha);
            sha.update(descriptor.vectorFacts().getBytes(StandardCharsets.UTF_8));
            String id = chosen + "@" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
            ModelSpec checked = ModelCheck.check(new ModelFiles.InFolder(staging), descriptor, id, given);
            ModelDescriptor.of(checked).write(staging);
            Path target = dir.resolve(chosen);
            move(staging, target);
            log.info("Added model {} from {} ({} bytes)", id, source, bytes(target));
            return read(target);
        } catch (IOException e) {
            throw new ModelFolderException(Phrase.of("model.cannotCopy", dir, e.getMessage()), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        } finally {
            deleteQuietly(staging);
        }
    }

    /** Deletes the added model {@code name}; false when there is none. Whether it is in use is the caller's to ask. */
    public boolean remove(String name) {
        Optional<ModelSpec> model = find(name);
        if (model.isEmpty()) {
            return false;
        }
        Path folder = ((ModelFiles.InFolder) model.get().files()).folder();
        try {
            delete(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the model folder " + folder + ": " + e.getMessage(), e);
        }
        log.info("Removed model {}", model.get().id());
        return true;
    }

    /** The bytes an added model takes on disk. */
    public static long bytes(ModelSpec model) {
        if (!(model.files() instanceof ModelFiles.InFolder f)) {
            return 0;
        }
        return bytes(f.folder());
    }

    private static long bytes(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static ModelSpec read(Path folder) {
        ModelDescriptor d = ModelDescriptor.read(folder);
        if (d.id() == null || d.dimension() == 0 || d.maxBatch() == 0) {
            throw new ModelFolderException(Phrase.of("model.notAddedByCairn", folder));
        }
        return d.toSpec(d.id(), new ModelFiles.InFolder(folder), d.dimension(), d.maxBatch());
    }

    /** A folder's name made fit to be a model's: lower case, other characters than a-z, 0-9, '.', '_', '-' as '-'. */
    static String nameOf(Path source) {
        Path file = source.toAbsolutePath().normalize().getFileName();
        String raw = file == null ? "" : file.toString().toLowerCase(Locale.ROOT);
        String name = raw.replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private void requireFreeName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ModelFolderException(Phrase.of("model.badName", name));
        }
        if (ModelSpec.all().stream().anyMatch(m -> m.id().equals(name))) {
            throw new ModelFolderException(Phrase.of("model.shippedName", name));
        }
        if (Files.exists(dir.resolve(name))) {
            throw new ModelFolderException(Phrase.of("model.nameTaken", name));
        }
    }

    private void requireRoom(ModelFiles.InFolder given) throws IOException {
        long needed = Files.size(given.graph()) + Files.size(given.tokenizer());
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < needed + (64L << 20)) {
            throw new ModelFolderException(Phrase.of("model.noRoom", needed >> 20, dir, free >> 20));
        }
    }

    private static void copy(Path from, Path to, MessageDigest sha) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(from), sha)) {
            Files.copy(in, to);
        }
    }

    private static void move(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        } catch (FileAlreadyExistsException e) {
            throw new ModelFolderException(Phrase.of("model.addedMeanwhile", target.getFileName()));
        }
    }

    private void removeAbandoned() throws IOException {
        Instant before = Instant.now().minus(ABANDONED);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, ADDING + "*")) {
            for (Path p : old) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    deleteQuietly(p);
                }
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            delete(folder);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", folder, e.getMessage());
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

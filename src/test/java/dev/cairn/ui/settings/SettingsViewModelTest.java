package dev.cairn.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.Settings;
import dev.cairn.embed.ModelFolders;
import dev.cairn.embed.ModelSpec;
import dev.cairn.platform.AppDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings form over the real properties file; no window needed. */
class SettingsViewModelTest {

    @TempDir
    Path dataDir;

    @Test
    void savedSettingsSurviveARestartOfTheViewModel() {
        SettingsViewModel first = new SettingsViewModel(new AppDirs(dataDir));
        first.modelProperty().set(ModelSpec.BGE_SMALL_EN_V15_Q);
        first.chunkSizeProperty().set(384);
        first.chunkOverlapProperty().set(48);
        first.searchModeProperty().set(Settings.SearchMode.VECTOR);
        first.indexPolicyProperty().set(Settings.IndexPolicy.HNSW);
        first.llmEndpointProperty().set("http://localhost:11434/v1");
        first.llmModelProperty().set("qwen3:4b");

        assertThat(first.save()).isTrue();
        SettingsViewModel second = new SettingsViewModel(new AppDirs(dataDir));

        assertThat(second.saved())
                .isEqualTo(new Settings(
                        ModelSpec.BGE_SMALL_EN_V15_Q,
                        384,
                        48,
                        Settings.SearchMode.VECTOR,
                        Settings.IndexPolicy.HNSW,
                        "http://localhost:11434/v1",
                        "qwen3:4b",
                        Settings.Theme.LIGHT));
        assertThat(second.chunkSizeProperty().get()).isEqualTo(384);
        assertThat(second.modelProperty().get()).isEqualTo(ModelSpec.BGE_SMALL_EN_V15_Q);
        assertThat(Files.exists(dataDir.resolve("settings.properties"))).isTrue();
    }

    @Test
    void theRerankChosenOnTheFormIsSavedAndTheModelOneNeedsAnEndpoint() throws Exception {
        SettingsViewModel form = new SettingsViewModel(new AppDirs(dataDir));
        assertThat(form.rerankProperty().get()).isEqualTo(Settings.Rerank.LEXICAL);
        form.rerankProperty().set(Settings.Rerank.MODEL);

        assertThat(form.save()).isFalse();
        assertThat(form.errorProperty().get()).contains("endpoint");
        assertThat(Files.exists(dataDir.resolve("settings.properties"))).isFalse();

        form.llmEndpointProperty().set("http://localhost:11434/v1");
        assertThat(form.save()).isTrue();
        assertThat(Settings.load(dataDir.resolve("settings.properties")).rerank())
                .isEqualTo(Settings.Rerank.MODEL);

        form.rerankProperty().set(Settings.Rerank.OFF);
        assertThat(form.save()).isTrue();
        assertThat(new SettingsViewModel(new AppDirs(dataDir)).rerankProperty().get())
                .isEqualTo(Settings.Rerank.OFF);
    }

    @Test
    void savingTheFormKeepsTheRerankTheFileChose() throws Exception {
        Files.writeString(dataDir.resolve("settings.properties"), "search.rerank = off\n");
        SettingsViewModel form = new SettingsViewModel(new AppDirs(dataDir));
        form.chunkSizeProperty().set(384);

        assertThat(form.save()).isTrue();

        assertThat(Settings.load(dataDir.resolve("settings.properties")).rerank())
                .isEqualTo(Settings.Rerank.OFF);
    }

    @Test
    void theTesseractProgramIsKeptAndTheFormSaysWhetherItIsThere() {
        SettingsViewModel first = new SettingsViewModel(new AppDirs(dataDir));
        first.tesseractPathProperty().set(dataDir.resolve("no-tesseract-here").toString());

        assertThat(first.save()).isTrue();
        SettingsViewModel second = new SettingsViewModel(new AppDirs(dataDir));

        assertThat(second.saved().tesseractPath())
                .isEqualTo(dataDir.resolve("no-tesseract-here").toString());
        assertThat(second.tesseractPathProperty().get())
                .isEqualTo(second.saved().tesseractPath());
        assertThat(second.ocrStatusProperty().get())
                .startsWith("No Tesseract program at " + dataDir.resolve("no-tesseract-here"));
    }

    @Test
    void anOverlapAsLongAsTheChunkIsRefusedWithAMessageAndNothingIsWritten() {
        SettingsViewModel vm = new SettingsViewModel(new AppDirs(dataDir));
        vm.chunkSizeProperty().set(128);
        vm.chunkOverlapProperty().set(128);

        assertThat(vm.save()).isFalse();

        assertThat(vm.errorProperty().get()).contains("overlap").contains("less than the chunk size (128)");
        assertThat(Files.exists(vm.file())).isFalse();
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefused() {
        SettingsViewModel vm = new SettingsViewModel(new AppDirs(dataDir));
        vm.llmEndpointProperty().set("localhost:11434");

        assertThat(vm.save()).isFalse();
        assertThat(vm.errorProperty().get()).contains("http://");
    }

    @Test
    void aDamagedFileFallsBackToDefaultsAndNamesTheKeyToFix() throws Exception {
        Files.writeString(dataDir.resolve("settings.properties"), "chunk.size=large\nsearch.mode=vector\n");

        SettingsViewModel vm = new SettingsViewModel(new AppDirs(dataDir));

        assertThat(vm.saved()).isEqualTo(Settings.DEFAULTS);
        assertThat(vm.loadProblemProperty().get())
                .contains("chunk.size")
                .contains("whole number")
                .contains("'large'");
    }

    @Test
    void anUnknownChoiceIsReportedWithTheAllowedValues() throws Exception {
        Files.writeString(dataDir.resolve("settings.properties"), "index.policy=btree\n");

        SettingsViewModel vm = new SettingsViewModel(new AppDirs(dataDir));

        assertThat(vm.loadProblemProperty().get()).contains("index.policy must be one of auto, none, ivfflat, hnsw");
    }

    @Test
    void theThemeIsSavedAsSoonAsItIsToggledWithoutSavingHalfEditedFields() throws Exception {
        SettingsViewModel vm = new SettingsViewModel(new AppDirs(dataDir));
        vm.chunkSizeProperty().set(999);

        vm.themeProperty().set(Settings.Theme.DARK);

        Settings onDisk = Settings.load(vm.file());
        assertThat(onDisk.theme()).isEqualTo(Settings.Theme.DARK);
        assertThat(onDisk.chunkSize()).isEqualTo(Settings.DEFAULTS.chunkSize());
    }

    @Test
    void revertPutsTheSavedValuesBack() {
        SettingsViewModel vm = new SettingsViewModel(new AppDirs(dataDir));
        vm.llmModelProperty().set("half-typed");

        vm.revert();

        assertThat(vm.llmModelProperty().get()).isEmpty();
    }

    @Test
    void anAddedModelFolderBecomesAChoiceAndIsUsedOnceSaved() throws Exception {
        SettingsViewModel vm = new SettingsViewModel(new AppDirs(dataDir));
        Path export = ModelFolders.miniLm(
                dataDir.resolveSibling(dataDir.getFileName() + "-export").resolve("mine"));

        vm.addModelFolder(export);

        ModelSpec mine = vm.models().getLast();
        assertThat(mine.name()).isEqualTo("mine");
        assertThat(vm.modelProperty().get()).isEqualTo(mine);
        assertThat(vm.noticeProperty().get()).isEqualTo("Added mine (384 dimensions, languages en). Save to use it.");
        assertThat(vm.addingModelProperty().get()).isFalse();
        assertThat(vm.save()).isTrue();
        assertThat(new SettingsViewModel(new AppDirs(dataDir)).saved().model()).isEqualTo(mine);
    }

    @Test
    void aFolderThatHoldsNoModelIsRefusedInWords() throws Exception {
        SettingsViewModel vm = new SettingsViewModel(new AppDirs(dataDir));
        Path export = ModelFolders.miniLm(
                dataDir.resolveSibling(dataDir.getFileName() + "-broken").resolve("m"));
        Files.delete(export.resolve("tokenizer.json"));

        vm.addModelFolder(export);

        assertThat(vm.modelProblemProperty().get())
                .isEqualTo(export + " has no tokenizer.json. Export the model with its"
                        + " tokenizer into one folder (the README says how): it holds model.onnx and tokenizer.json.");
        assertThat(vm.models()).containsExactlyElementsOf(ModelSpec.all());
        assertThat(vm.addingModelProperty().get()).isFalse();
    }
}

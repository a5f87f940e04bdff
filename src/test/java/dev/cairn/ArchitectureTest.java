package dev.cairn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of ADR 0019, from the bottom: the machine (platform, text), the headless core (embed,
 * store, ingest, search), the composition root (app) with the benchmarks, and the two faces (cli,
 * ui) that only {@link Main} knows both of.
 */
@AnalyzeClasses(packages = "dev.cairn", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] HEADLESS = {
        "dev.cairn.platform..",
        "dev.cairn.text..",
        "dev.cairn.embed..",
        "dev.cairn.store..",
        "dev.cairn.ingest..",
        "dev.cairn.search..",
        "dev.cairn.app..",
        "dev.cairn.bench.."
    };

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Base")
            .definedBy("dev.cairn.platform..", "dev.cairn.text..")
            .layer("Embed")
            .definedBy("dev.cairn.embed..")
            .layer("Store")
            .definedBy("dev.cairn.store..")
            .layer("Ingest")
            .definedBy("dev.cairn.ingest..")
            .layer("Search")
            .definedBy("dev.cairn.search..")
            .layer("App")
            .definedBy("dev.cairn.app..")
            .layer("Bench")
            .definedBy("dev.cairn.bench..")
            .layer("Cli")
            .definedBy("dev.cairn.cli..")
            .layer("Ui")
            .definedBy("dev.cairn.ui..")
            .layer("Main")
            .definedBy("dev.cairn")
            .whereLayer("Main")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Ui")
            .mayOnlyBeAccessedByLayers("Main")
            .whereLayer("Cli")
            .mayOnlyBeAccessedByLayers("Main")
            .whereLayer("Bench")
            .mayOnlyBeAccessedByLayers("Cli", "Ui")
            .whereLayer("App")
            .mayOnlyBeAccessedByLayers("Bench", "Cli", "Ui")
            .whereLayer("Search")
            .mayOnlyBeAccessedByLayers("App", "Bench", "Cli", "Ui")
            .whereLayer("Ingest")
            .mayOnlyBeAccessedByLayers("App", "Bench", "Cli", "Ui")
            .whereLayer("Store")
            .mayOnlyBeAccessedByLayers("Ingest", "Search", "App", "Bench", "Cli", "Ui")
            .whereLayer("Embed")
            .mayOnlyBeAccessedByLayers("Store", "Ingest", "Search", "App", "Bench", "Cli", "Ui")
            .because(
                    "the core runs headless below the composition root; the CLI and the desktop sit on top, side by side");

    @ArchTest
    static final ArchRule onlyTheUiTouchesJavaFx = noClasses()
            .that()
            .resideOutsideOfPackage("dev.cairn.ui..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..", "org.controlsfx..")
            .because("only dev.cairn.ui may depend on JavaFX; the core runs headless for the CLI and tests");

    @ArchTest
    static final ArchRule noCommandLineBelowTheFaces = noClasses()
            .that()
            .resideInAnyPackage(HEADLESS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("picocli..")
            .because("the command line's parser belongs to dev.cairn.cli");

    @ArchTest
    static final ArchRule standardStreamsOnlyInTheCli = noClasses()
            .that()
            .resideInAnyPackage(HEADLESS)
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err")
            .because("the core logs through SLF4J; standard output belongs to the CLI");
}

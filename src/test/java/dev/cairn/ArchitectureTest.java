package dev.cairn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The shape STYLE.md asks for: one headless core, two thin faces. */
@AnalyzeClasses(packages = "dev.cairn", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] CORE = {
        "dev.cairn.ingest..", "dev.cairn.embed..", "dev.cairn.store..",
        "dev.cairn.search..", "dev.cairn.runtime..", "dev.cairn.bench.."
    };

    @ArchTest
    static final ArchRule onlyTheUiTouchesJavaFx = noClasses()
            .that()
            .resideOutsideOfPackage("dev.cairn.ui..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..", "org.controlsfx..")
            .because("only dev.cairn.ui may depend on JavaFX; the core runs headless for the CLI and tests");

    @ArchTest
    static final ArchRule coreNeverDependsOnTheFaces = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.cairn.cli..", "dev.cairn.ui..")
            .because("the CLI and the desktop app drive the core, never the other way round");

    @ArchTest
    static final ArchRule standardStreamsOnlyInTheCli = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err")
            .because("the core logs through SLF4J; standard output belongs to the CLI");
}

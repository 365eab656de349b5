package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What a Maven Central release needs, checked on the build that just ran: every published module
 * is in the BOM and was packaged with its sources, its javadoc and a CycloneDX SBOM, and the
 * parent carries the licence, SCM and developer metadata the modules inherit.
 */
class ReleaseArtifactsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyPublishedModuleIsInTheBomWithSourcesJavadocAndSbom() throws Exception {
        var published = new ArrayList<String>();
        for (var module : elements(pom(ROOT.resolve("pom.xml")), "module")) {
            var pom = ROOT.resolve(module).resolve("pom.xml");
            if (module.equals("bom") || Files.readString(pom).contains("<maven.deploy.skip>true")) {
                continue;
            }
            published.add(module);
        }
        assertThat(published).contains("sdk-core", "sdk-payments", "sdk-opendata", "sdk-requests");

        var managed = elements(pom(ROOT.resolve("bom/pom.xml")), "artifactId");
        for (var module : published) {
            var artifactId = elements(pom(ROOT.resolve(module).resolve("pom.xml")), "artifactId")
                    .get(1); // the first is the parent's
            assertThat(managed).as("the BOM manages " + artifactId).contains(artifactId);
            var target = ROOT.resolve(module).resolve("target");
            var version = Pattern.quote(
                    elements(pom(ROOT.resolve("pom.xml")), "version").get(0));
            try (var files = Files.list(target)) {
                var names = files.map(p -> p.getFileName().toString()).toList();
                assertThat(names)
                        .as(module)
                        .anyMatch(n -> n.matches(artifactId + "-" + version + "-sources\\.jar"))
                        .anyMatch(n -> n.matches(artifactId + "-" + version + "-javadoc\\.jar"))
                        .contains("bom.json");
            }
            assertThat(Files.readString(target.resolve("bom.json")))
                    .as(module + "'s SBOM")
                    .contains("\"bomFormat\" : \"CycloneDX\"", "pkg:maven/io.khidma/" + artifactId);
        }

        var parent = Files.readString(ROOT.resolve("pom.xml"));
        for (var required : List.of("<licenses>", "<developers>", "<scm>", "<url>", "<description>")) {
            assertThat(parent).as("the parent's " + required).contains(required);
        }
        assertThat(ROOT.resolve("LICENSE")).exists();
    }

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    /** The texts of the elements named {@code name}, in document order. */
    private static List<String> elements(Document pom, String name) {
        var nodes = pom.getElementsByTagName(name);
        var texts = new ArrayList<String>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(((Element) nodes.item(i)).getTextContent().trim());
        }
        return texts;
    }
}

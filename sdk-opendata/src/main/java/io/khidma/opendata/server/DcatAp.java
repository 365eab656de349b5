package io.khidma.opendata.server;

import io.khidma.core.text.Text;
import io.khidma.opendata.model.DataTheme;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.UpdateFrequency;
import jakarta.ws.rs.core.MediaType;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.vocabulary.DCAT;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.SKOS;
import org.apache.jena.vocabulary.VCARD4;

/**
 * Datasets and the catalogue as DCAT-AP 3 RDF, for harvesters: built as a Jena model and written
 * by Jena as Turtle or JSON-LD. Every resource a DCAT-AP range shape expects to be typed is typed
 * (themes are {@code skos:Concept}, the licence a {@code dct:LicenseDocument}, and so on); themes,
 * frequencies and file types use the EU vocabularies' IRIs.
 */
final class DcatAp {

    static final MediaType JSON_LD = new MediaType("application", "ld+json");
    static final MediaType TURTLE = new MediaType("text", "turtle", "UTF-8");

    private static final String FOAF = "http://xmlns.com/foaf/0.1/";
    private static final String HYDRA = "http://www.w3.org/ns/hydra/core#";
    private static final String EU = "http://publications.europa.eu/resource/authority/";
    private static final String IANA = "http://www.iana.org/assignments/media-types/";

    private final Model model = ModelFactory.createDefaultModel();
    private final URI base;
    private final Function<String, Text> publisherNames;

    /**
     * @param base the API's base URI, under which datasets and agencies are named
     * @param publisherNames an agency's name in Arabic and English, by its id
     */
    DcatAp(URI base, Function<String, Text> publisherNames) {
        this.base = base;
        this.publisherNames = publisherNames;
        model.setNsPrefix("dcat", DCAT.NS);
        model.setNsPrefix("dct", DCTerms.NS);
        model.setNsPrefix("foaf", FOAF);
        model.setNsPrefix("vcard", VCARD4.NS);
        model.setNsPrefix("skos", SKOS.uri);
        model.setNsPrefix("xsd", "http://www.w3.org/2001/XMLSchema#");
        model.setNsPrefix("hydra", HYDRA);
    }

    /** Adds a dataset with its publisher, contact point and one distribution per download format. */
    Resource dataset(Dataset dataset) {
        var datasetUri = base.resolve("datasets/" + dataset.id());
        var node = model.createResource(datasetUri.toString(), DCAT.Dataset)
                .addProperty(DCTerms.identifier, dataset.id().toString());
        text(node, DCTerms.title, dataset.title());
        text(node, DCTerms.description, dataset.description());
        node.addProperty(DCTerms.publisher, agent(dataset.publisher()));
        for (var theme : dataset.themes()) {
            var concept = model.createResource(EU + "data-theme/" + theme, SKOS.Concept);
            text(concept, SKOS.prefLabel, DataTheme.valueOf(theme).label());
            node.addProperty(DCAT.theme, concept);
        }
        for (var keyword : dataset.keywords()) {
            node.addProperty(DCAT.keyword, keyword, language(keyword));
        }
        var contact = model.createResource(VCARD4.Kind)
                .addProperty(VCARD4.fn, dataset.contactPoint().name());
        contact.addProperty(
                VCARD4.hasEmail,
                model.createResource("mailto:" + dataset.contactPoint().email()));
        node.addProperty(DCAT.contactPoint, contact);
        if (dataset.temporal() != null) {
            var period = model.createResource(DCTerms.PeriodOfTime);
            date(period, DCAT.startDate, dataset.temporal().start());
            date(period, DCAT.endDate, dataset.temporal().end());
            node.addProperty(DCTerms.temporal, period);
        }
        if (dataset.spatial() != null) {
            node.addProperty(
                    DCTerms.spatial,
                    model.createResource(DCTerms.Location).addProperty(SKOS.prefLabel, dataset.spatial()));
        }
        if (dataset.updateFrequency() != null) {
            node.addProperty(
                    DCTerms.accrualPeriodicity,
                    model.createResource(EU + "frequency/" + frequency(dataset.updateFrequency()), DCTerms.Frequency));
        }
        instant(node, DCTerms.issued, dataset.issued());
        instant(node, DCTerms.modified, dataset.modified());
        if (dataset.latestVersion() != null) {
            node.addProperty(model.createProperty(DCAT.NS, "version"), String.valueOf(dataset.latestVersion()));
            var licence = model.createResource(dataset.licence().toString(), DCTerms.LicenseDocument);
            for (var format : ExportFormat.availableFormats(dataset.tableSchema())) {
                node.addProperty(DCAT.distribution, distribution(dataset, datasetUri, format, licence));
            }
        }
        return node;
    }

    private Resource distribution(Dataset dataset, URI datasetUri, ExportFormat format, Resource licence) {
        var name = format.extension();
        var distribution = model.createResource(datasetUri + "/distributions/" + name, DCAT.Distribution)
                .addProperty(DCAT.accessURL, model.createResource(datasetUri + "/rows"))
                .addProperty(DCAT.downloadURL, model.createResource(datasetUri + "/export?format=" + name))
                .addProperty(
                        DCAT.mediaType,
                        model.createResource(
                                IANA + format.mediaType.getType() + "/" + format.mediaType.getSubtype(),
                                DCTerms.MediaType))
                .addProperty(
                        DCTerms.format,
                        model.createResource(EU + "file-type/" + fileType(format), DCTerms.MediaTypeOrExtent))
                .addProperty(DCTerms.license, licence);
        distribution.addProperty(DCTerms.title, dataset.title().en() + " (" + name.toUpperCase() + ")", "en");
        distribution.addProperty(DCTerms.title, dataset.title().ar() + " (" + name.toUpperCase() + ")", "ar");
        return distribution;
    }

    /**
     * Adds the catalogue holding {@code datasets}, one page of it: {@code next} is the next page's
     * URI, or {@code null} on the last (Hydra's partial collection view, as DCAT-AP harvesters page).
     */
    void catalog(Text title, Text description, String publisher, List<Dataset> datasets, URI page, URI next) {
        var catalog = model.createResource(base.resolve("catalog").toString(), DCAT.Catalog);
        text(catalog, DCTerms.title, title);
        text(catalog, DCTerms.description, description);
        catalog.addProperty(DCTerms.publisher, agent(publisher));
        for (var dataset : datasets) {
            catalog.addProperty(DCAT.dataset, dataset(dataset));
        }
        var view = model.createResource(page.toString(), model.createResource(HYDRA + "PartialCollectionView"));
        if (next != null) {
            view.addProperty(model.createProperty(HYDRA, "next"), model.createResource(next.toString()));
        }
        catalog.addProperty(model.createProperty(HYDRA, "view"), view);
    }

    /** Writes the model in {@code mediaType}: Turtle, or JSON-LD otherwise. */
    void write(MediaType mediaType, OutputStream out) {
        RDFDataMgr.write(
                out, model, mediaType.isCompatible(TURTLE) ? RDFFormat.TURTLE_PRETTY : RDFFormat.JSONLD11_PRETTY);
    }

    private Resource agent(String agency) {
        var agent = model.createResource(
                base.resolve("agencies/" + agency).toString(), model.createResource(FOAF + "Agent"));
        var name = publisherNames.apply(agency);
        var foafName = model.createProperty(FOAF, "name");
        if (name == null) {
            agent.addProperty(foafName, agency);
        } else {
            text(agent, foafName, name);
        }
        return agent;
    }

    private static void text(Resource node, Property property, Text text) {
        if (text.ar() != null) {
            node.addProperty(property, text.ar(), "ar");
        }
        if (text.en() != null) {
            node.addProperty(property, text.en(), "en");
        }
    }

    /** Keywords carry no language of their own: Arabic script says Arabic, anything else English. */
    private static String language(String keyword) {
        return keyword.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC)
                ? "ar"
                : "en";
    }

    private void date(Resource node, Property property, LocalDate date) {
        if (date != null) {
            node.addProperty(property, model.createTypedLiteral(date.toString(), XSDDatatype.XSDdate));
        }
    }

    private void instant(Resource node, Property property, Instant instant) {
        node.addProperty(property, model.createTypedLiteral(instant.toString(), XSDDatatype.XSDdateTime));
    }

    private static String frequency(UpdateFrequency frequency) {
        return frequency == UpdateFrequency.IRREGULAR ? "IRREG" : frequency.name();
    }

    private static String fileType(ExportFormat format) {
        return switch (format) {
            case CSV -> "CSV";
            case JSON -> "JSON";
            case NDJSON -> "JSON_LINES";
            case PARQUET -> "PARQUET";
            case XLSX -> "XLSX";
            case GEOJSON -> "GEOJSON";
        };
    }
}

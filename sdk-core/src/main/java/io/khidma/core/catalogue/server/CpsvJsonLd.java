package io.khidma.core.catalogue.server;

import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.text.Text;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A public service as JSON-LD in the CPSV-AP vocabulary ({@code cpsv:PublicService} with its
 * competent authority, channels, costs, requirements, evidence and outputs), for harvesters of the
 * EU and national catalogues.
 */
final class CpsvJsonLd {

    static final Map<String, Object> CONTEXT = Map.of(
            "cpsv", "http://purl.org/vocab/cpsv#",
            "cv", "http://data.europa.eu/m8g/",
            "dct", "http://purl.org/dc/terms/",
            "dcat", "http://www.w3.org/ns/dcat#",
            "adms", "http://www.w3.org/ns/adms#",
            "xsd", "http://www.w3.org/2001/XMLSchema#");

    private CpsvJsonLd() {}

    static Map<String, Object> of(PublicService service, URI self, URI agency) {
        var node = new LinkedHashMap<String, Object>();
        node.put("@context", CONTEXT);
        node.put("@id", self.toString());
        node.put("@type", "cpsv:PublicService");
        node.put("dct:identifier", service.code());
        node.put("dct:title", languages(service.title()));
        if (service.description() != null) {
            node.put("dct:description", languages(service.description()));
        }
        node.put("cv:hasCompetentAuthority", Map.of("@id", agency.toString(), "@type", "cv:PublicOrganisation"));
        if (!service.keywords().isEmpty()) {
            node.put("dcat:keyword", service.keywords());
        }
        if (!service.events().isEmpty()) {
            node.put(
                    "cv:isGroupedBy",
                    service.events().stream()
                            .map(e -> Map.of("@type", "cv:Event", "dct:identifier", e))
                            .toList());
        }
        node.put(
                "cv:hasChannel",
                service.channels().stream()
                        .map(c -> {
                            var channel = new LinkedHashMap<String, Object>();
                            channel.put("@type", "cv:Channel");
                            channel.put("dct:type", c.type().name());
                            if (c.url() != null) {
                                channel.put("cv:ownedBy", Map.of("@id", agency.toString()));
                                channel.put(
                                        "dcat:accessURL", Map.of("@id", c.url().toString()));
                            }
                            if (c.processingTime() != null) {
                                channel.put(
                                        "cv:processingTime",
                                        typed(c.processingTime().toString(), "xsd:duration"));
                            }
                            return channel;
                        })
                        .toList());
        node.put(
                "cv:hasCost",
                service.costs().stream()
                        .map(cost -> {
                            var c = new LinkedHashMap<String, Object>();
                            c.put("@type", "cv:Cost");
                            c.put("dct:identifier", cost.feeCode());
                            c.put(
                                    "cv:value",
                                    typed(
                                            java.math.BigDecimal.valueOf(cost.amount(), 2)
                                                    .toPlainString(),
                                            "xsd:decimal"));
                            c.put(
                                    "cv:currency",
                                    Map.of(
                                            "@id",
                                            "http://publications.europa.eu/resource/authority/currency/"
                                                    + cost.currency()));
                            if (cost.description() != null) {
                                c.put("dct:description", languages(cost.description()));
                            }
                            return c;
                        })
                        .toList());
        node.put("cpsv:holdsRequirement", things("cv:Requirement", service.requirements()));
        node.put("cpsv:hasInput", things("cv:Evidence", service.evidence()));
        node.put("cpsv:produces", things("cv:Output", service.outputs()));
        if (service.processingTime() != null) {
            node.put("cv:processingTime", typed(service.processingTime().toString(), "xsd:duration"));
        }
        node.put(
                "adms:status",
                service.status() == null ? "ACTIVE" : service.status().name());
        if (service.lastModified() != null) {
            node.put("dct:modified", typed(service.lastModified().toString(), "xsd:dateTime"));
        }
        return node;
    }

    private static List<Map<String, Object>> things(String type, List<Text> names) {
        return names.stream()
                .map(name -> Map.<String, Object>of("@type", type, "dct:title", languages(name)))
                .toList();
    }

    private static List<Map<String, String>> languages(Text text) {
        var values = new ArrayList<Map<String, String>>();
        if (text.ar() != null) {
            values.add(Map.of("@value", text.ar(), "@language", "ar"));
        }
        if (text.en() != null) {
            values.add(Map.of("@value", text.en(), "@language", "en"));
        }
        return values;
    }

    private static Map<String, String> typed(String value, String type) {
        return Map.of("@value", value, "@type", type);
    }
}

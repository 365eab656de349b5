package io.khidma.opendata.model;

import io.khidma.core.text.Text;

/**
 * The EU data themes a dataset is filed under ({@code dcat:theme}), by the codes of the EU
 * vocabulary {@code http://publications.europa.eu/resource/authority/data-theme/}.
 */
public enum DataTheme {
    AGRI("الزراعة ومصائد الأسماك والغابات والأغذية", "Agriculture, fisheries, forestry and food"),
    ECON("الاقتصاد والمالية", "Economy and finance"),
    EDUC("التعليم والثقافة والرياضة", "Education, culture and sport"),
    ENER("الطاقة", "Energy"),
    ENVI("البيئة", "Environment"),
    GOVE("الحكومة والقطاع العام", "Government and public sector"),
    HEAL("الصحة", "Health"),
    INTR("الشؤون الدولية", "International issues"),
    JUST("العدل والنظام القانوني والسلامة العامة", "Justice, legal system and public safety"),
    REGI("المناطق والمدن", "Regions and cities"),
    SOCI("السكان والمجتمع", "Population and society"),
    TECH("العلوم والتقنية", "Science and technology"),
    TRAN("النقل", "Transport");

    private final Text label;

    DataTheme(String ar, String en) {
        this.label = Text.of(ar, en);
    }

    public Text label() {
        return label;
    }

    /** Whether {@code code} is one of these themes. */
    public static boolean isTheme(String code) {
        for (var theme : values()) {
            if (theme.name().equals(code)) {
                return true;
            }
        }
        return false;
    }
}

package io.khidma.core.catalogue.model;

import io.khidma.core.text.Text;

/**
 * A service centre's (or home-delivery area's) indicators and its star rating.
 *
 * @param centre the agency's code of the centre or area
 * @param visits visits done
 * @param onTimeShare of those, done within their slot, 0 to 1
 * @param averageRating the citizens' rating of the visits, 1 to 5
 * @param stars 1 to 7, as the UAE's star rating of service centres counts: {@code 1 + round(6 ×
 *     (0.6 × (averageRating − 1) / 4 + 0.4 × onTimeShare))}, the punctuality alone while there are no
 *     ratings; {@code null} without visits
 */
public record ServiceCentreKpi(
        String agencyId,
        String centre,
        Text name,
        String emirate,
        long visits,
        Double onTimeShare,
        Double averageRating,
        long ratings,
        Integer stars) {

    /** The star rating from the indicators; {@code null} without visits. */
    public static Integer stars(long visits, double onTimeShare, Double averageRating) {
        if (visits == 0) {
            return null;
        }
        double score = averageRating == null ? onTimeShare : 0.6 * (averageRating - 1) / 4 + 0.4 * onTimeShare;
        return 1 + (int) Math.round(6 * Math.max(0, Math.min(1, score)));
    }
}

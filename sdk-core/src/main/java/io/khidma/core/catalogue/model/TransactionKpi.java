package io.khidma.core.catalogue.model;

import java.time.LocalDate;

/**
 * Transactions of one period (and agency, service or channel when broken down by them).
 *
 * @param periodStart the period's first day; {@code null} in the total
 * @param transactions requests submitted
 * @param digitalTransactions of those, submitted on the web, in the app or at a kiosk
 * @param digitalShare digital / all, 0 to 1; {@code null} without transactions
 * @param completed requests completed in the period
 * @param medianSeconds median time from submission to completion, within 9%; {@code null} without completions
 * @param p90Seconds the 90th percentile of that time, within 9%
 * @param slaCompliance share of completions within their service level, 0 to 1
 * @param averageRating average stars (1 to 5) of verified ratings: of completed requests and done visits
 * @param verifiedRatings how many
 */
public record TransactionKpi(
        LocalDate periodStart,
        String agencyId,
        String serviceCode,
        ChannelType channel,
        long transactions,
        long digitalTransactions,
        Double digitalShare,
        long completed,
        Long medianSeconds,
        Long p90Seconds,
        Double slaCompliance,
        Double averageRating,
        long verifiedRatings) {}

package io.khidma.requests.model;

/** Citizens for whom places are held: the elderly and people of determination (أصحاب الهمم). */
public enum PriorityGroup {
    ELDERLY,
    DETERMINATION
}

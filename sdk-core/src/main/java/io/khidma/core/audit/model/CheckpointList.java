package io.khidma.core.audit.model;

import java.util.List;

/**
 * The platform's checkpoints, oldest first, with the key that signs them.
 *
 * @param origin the name the checkpoints are signed under
 * @param verifierKey the C2SP verifier key of the signing key; pin it out of band
 * @param items the checkpoints
 * @param next the cursor of the next page, if there is one
 */
public record CheckpointList(String origin, String verifierKey, List<Checkpoint> items, String next) {
    public CheckpointList {
        items = List.copyOf(items);
    }
}

package io.khidma.opendata;

import io.khidma.opendata.AggregationTest.Txn;
import java.util.List;
import java.util.UUID;

/**
 * A server with one published dataset of generated transactions ({@link AggregationTest#generate}),
 * an agency's client that published it and an anonymous one that reads it.
 */
final class PublishedTransactions implements AutoCloseable {

    final OpenDataFixture fixture = new OpenDataFixture();
    final OpenDataClient publisher = fixture.client(fixture.rta);
    final OpenDataClient consumer = fixture.client(null);
    final List<Txn> rows;
    final UUID id;

    PublishedTransactions(int count, long seed) {
        rows = AggregationTest.generate(count, seed);
        id = AggregationTest.publish(publisher, rows);
    }

    @Override
    public void close() {
        consumer.close();
        publisher.close();
        fixture.close();
    }
}

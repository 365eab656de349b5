package io.khidma.core.paging;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A list the server hands out page by page, walked lazily: a page is fetched only when iteration
 * reaches it, following each page's opaque {@code next} cursor until the last page. Each call to
 * {@link #iterator()} starts again from the first page.
 *
 * <pre>{@code
 * for (PublicService service : catalogue.search(query)) { ... }        // item by item
 * catalogue.search(query).stream().limit(20).toList();                   // fetches only what it needs
 * for (Page<PublicService> page : catalogue.search(query).byPage()) { ... }
 * }</pre>
 */
public final class PagedIterable<T> implements Iterable<T> {

    private final Function<String, Page<T>> fetch;

    /**
     * @param fetch fetches the page at a cursor; called with {@code null} for the first page
     */
    public PagedIterable(Function<String, Page<T>> fetch) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
    }

    @Override
    public Iterator<T> iterator() {
        var pages = byPage().iterator();
        return new Iterator<>() {
            private Iterator<T> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && pages.hasNext()) {
                    current = pages.next().items().iterator();
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** The pages themselves, fetched one at a time as iteration reaches them. */
    public Iterable<Page<T>> byPage() {
        return () -> new Iterator<>() {
            private boolean started;
            private String cursor;

            @Override
            public boolean hasNext() {
                return !started || cursor != null;
            }

            @Override
            public Page<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                var page = Objects.requireNonNull(fetch.apply(cursor), "fetch returned no page");
                if (started && page.next() != null && page.next().equals(cursor)) {
                    throw new IllegalStateException("the server returned the same cursor twice: " + cursor);
                }
                started = true;
                cursor = page.next();
                return page;
            }
        };
    }

    /** A sequential stream over every item; lazy like the iterator. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }
}

package dev.eventfold.integrations.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PackerTest {

    static Item item(String key, String identity, int size) {
        var element = Bodies.object().put("v", "x".repeat(Math.max(0, size - 8)));
        return new Item(key, new Translation("lane", identity, element));
    }

    static int size(Item i) {
        return Bodies.size(i.translation().element());
    }

    @Test
    void cutsAtTheCountLimitExactly() {
        List<Item> items = IntStream.range(0, 7).mapToObj(i -> item("k" + i, "id" + i, 10)).toList();

        Packer.Packed packed = Packer.pack(items, PackerTest::size, 3, 1_000, 1_000, 10);

        assertThat(packed.chunks()).extracting(c -> c.items().size()).containsExactly(3, 3, 1);
        assertThat(packed.chunks().get(0).items()).extracting(Item::key).containsExactly("k0", "k1", "k2");
    }

    @Test
    void cutsBeforeTheByteLimitCountingEnvelopeAndSeparators() {
        // envelope 10 + three elements of 30 bytes and 3 separators = 103 > 100: two fit, the third starts a new request
        List<Item> items = IntStream.range(0, 3).mapToObj(i -> item("k" + i, "id" + i, 30)).toList();
        assertThat(items).allSatisfy(i -> assertThat(size(i)).isEqualTo(30));

        assertThat(Packer.pack(items, PackerTest::size, 100, 100, 100, 10).chunks())
                .extracting(c -> c.items().size()).containsExactly(2, 1);
        assertThat(Packer.pack(items, PackerTest::size, 100, 103, 100, 10).chunks())
                .extracting(c -> c.items().size()).containsExactly(3);
    }

    @Test
    void anElementOverItsLimitIsRefusedAndTheOthersGo() {
        Packer.Packed packed = Packer.pack(List.of(item("a", "1", 10), item("big", "2", 60), item("b", "3", 10)),
                PackerTest::size, 10, 1_000, 50, 10);

        assertThat(packed.tooLarge()).extracting(Item::key).containsExactly("big");
        assertThat(packed.chunks().get(0).items()).extracting(Item::key).containsExactly("a", "b");
    }

    @Test
    void theLatestOfOneRecordReplacesTheOlderInTheSameRequest() {
        Packer.Packed packed = Packer.pack(List.of(item("a1", "a", 10), item("b", "b", 10), item("a2", "a", 10),
                item("a3", "a", 10)), PackerTest::size, 10, 1_000, 1_000, 10);

        Packer.Chunk chunk = packed.chunks().get(0);
        assertThat(chunk.items()).extracting(Item::key).containsExactly("b", "a3");
        assertThat(chunk.superseded()).containsExactly(java.util.Map.entry("a3", List.of("a1", "a2")));
    }
}

package dev.eventfold.localstack.geoip;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary search tree of a MaxMind DB: one bit of the address per level, each node two records (left for 0,
 * right for 1) that hold another node, "no data", or a pointer into the data section. Networks may be inserted in any
 * order; a more specific network inserted later splits the broader one it falls in.
 */
final class SearchTree {

    /** A record that points into the data section. */
    private record Data(int offset) {
    }

    private static final class Node {
        Object left;
        Object right;

        Object get(int bit) {
            return bit == 0 ? left : right;
        }

        void set(int bit, Object value) {
            if (bit == 0) {
                left = value;
            } else {
                right = value;
            }
        }
    }

    private final int bits;
    private final Node root = new Node();

    /** @param bits 32 for an IPv4 tree, 128 for an IPv6 one */
    SearchTree(int bits) {
        this.bits = bits;
    }

    /** Points the network {@code address/prefixLength} ({@code address} has {@code bits / 8} bytes) at data. */
    void insert(byte[] address, int prefixLength, int dataOffset) {
        set(address, prefixLength, new Data(dataOffset));
    }

    /**
     * Makes {@code alias/prefixLength} lead to the same subtree as {@code target/prefixLength} (IPv6 trees alias
     * ::ffff:0:0/96 to the IPv4 networks under ::/96). Call once every network is inserted.
     */
    void alias(byte[] alias, byte[] target, int prefixLength) {
        Object subtree = root;
        for (int i = 0; i < prefixLength && subtree instanceof Node node; i++) {
            subtree = node.get(bit(target, i));
        }
        if (subtree != null) {
            set(alias, prefixLength, subtree);
        }
    }

    private void set(byte[] address, int prefixLength, Object value) {
        if (address.length * 8 != bits || prefixLength < 1 || prefixLength > bits) {
            throw new IllegalArgumentException("a network of this tree has " + bits + " bits and a prefix of 1.." + bits);
        }
        Node node = root;
        for (int i = 0; i < prefixLength - 1; i++) {
            int bit = bit(address, i);
            Object child = node.get(bit);
            if (child instanceof Node next) {
                node = next;
            } else {
                Node split = new Node();
                split.left = child;
                split.right = child;
                node.set(bit, split);
                node = split;
            }
        }
        node.set(bit(address, prefixLength - 1), value);
    }

    private static int bit(byte[] address, int index) {
        return (address[index / 8] >>> (7 - index % 8)) & 1;
    }

    /** The tree in file form, nodes numbered breadth first from the root, records of at least {@code minRecordSize} bits. */
    Encoded encode(int minRecordSize) {
        Map<Node, Integer> numbers = new IdentityHashMap<>();
        Deque<Node> queue = new ArrayDeque<>();
        List<Node> order = new ArrayList<>();
        numbers.put(root, 0);
        queue.add(root);
        while (!queue.isEmpty()) {
            Node node = queue.remove();
            order.add(node);
            for (Object child : new Object[] {node.left, node.right}) {
                if (child instanceof Node next && !numbers.containsKey(next)) {
                    numbers.put(next, numbers.size());
                    queue.add(next);
                }
            }
        }
        int nodeCount = order.size();
        long max = 0;
        for (Node node : order) {
            max = Math.max(max, Math.max(value(node.left, numbers, nodeCount), value(node.right, numbers, nodeCount)));
        }
        int needed = max < 1L << 24 ? 24 : max < 1L << 28 ? 28 : 32;
        int recordSize = Math.max(needed, minRecordSize);
        ByteArrayOutputStream out = new ByteArrayOutputStream(nodeCount * recordSize / 4);
        for (Node node : order) {
            writeNode(out, recordSize, value(node.left, numbers, nodeCount), value(node.right, numbers, nodeCount));
        }
        return new Encoded(out.toByteArray(), nodeCount, recordSize);
    }

    /** A node's number; {@code nodeCount} for no data; {@code nodeCount + 16 + offset} for data. */
    private static long value(Object record, Map<Node, Integer> numbers, int nodeCount) {
        if (record instanceof Node node) {
            return numbers.get(node);
        }
        if (record instanceof Data data) {
            return (long) nodeCount + 16 + data.offset();
        }
        return nodeCount;
    }

    private static void writeNode(ByteArrayOutputStream out, int recordSize, long left, long right) {
        switch (recordSize) {
            case 24 -> {
                write(out, left, 3);
                write(out, right, 3);
            }
            case 28 -> {
                write(out, left & 0xFF_FFFF, 3);
                out.write((int) ((left >>> 24 & 0x0F) << 4 | right >>> 24 & 0x0F));
                write(out, right & 0xFF_FFFF, 3);
            }
            default -> {
                write(out, left, 4);
                write(out, right, 4);
            }
        }
    }

    private static void write(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    /** The tree's bytes and what the metadata says about them. */
    record Encoded(byte[] bytes, int nodeCount, int recordSize) {
    }
}

package dev.eventfold.delivery;

import java.util.List;

/** Claimed messages of one destination, handed to its {@link Transport} together (oldest first). */
public record Batch(Destination destination, List<Message> messages) {

    public Batch {
        messages = List.copyOf(messages);
    }
}

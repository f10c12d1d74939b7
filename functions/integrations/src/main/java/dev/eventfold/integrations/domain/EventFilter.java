package dev.eventfold.integrations.domain;

import dev.eventfold.model.EventType;
import dev.eventfold.model.Violation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A destination's event filter: which of the types integrations translates it receives (none named = all). */
public record EventFilter(Set<EventType> types) {

    /** What integrations translates; a filter names only these. */
    public static final Set<EventType> TRANSLATED = EnumSet.of(EventType.USER_STATE_UPDATED, EventType.PAGE_VIEW_ENRICHED);

    public boolean matches(IntegrationEvent event) {
        return types.isEmpty() || types.contains(event.type());
    }

    /** Parses catalog type names; problems name the position ({@code filter.types[1]}). */
    public static EventFilter parse(List<String> names, List<Violation> problems) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        if (names == null) {
            return new EventFilter(types);
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            EventType type = EventType.of(name).filter(TRANSLATED::contains).orElse(null);
            if (type == null) {
                problems.add(new Violation("filter.types[" + i + "]", "must be one of " + TRANSLATED.stream()
                        .map(EventType::type).sorted().collect(Collectors.joining(", "))));
            } else {
                types.add(type);
            }
        }
        return new EventFilter(types);
    }

    /** Stored as space-separated type names. */
    public String stored() {
        return types.stream().map(EventType::type).sorted().collect(Collectors.joining(" "));
    }

    public static EventFilter stored(String stored) {
        List<Violation> ignored = new ArrayList<>();
        return parse(stored == null || stored.isBlank() ? List.of() : List.of(stored.trim().split(" +")), ignored);
    }

    public List<String> names() {
        return types.stream().map(EventType::type).sorted().toList();
    }
}

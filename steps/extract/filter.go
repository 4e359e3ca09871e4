package extract

// Predicate decides which events a batch keeps.
type Predicate func(Event) bool

// IsSwordPurchase is the class's filter, is_purchase in filtered_writes.py:
// it keeps the events whose event_type is "purchase_sword". Change it, or give
// Config.Keep another function, to keep other events.
func IsSwordPurchase(e Event) bool {
	// BEGIN SOLUTION: keep the events whose event_type is purchase_sword (is_purchase in filtered_writes.py)
	return e.EventType == "purchase_sword"
	// END SOLUTION
}

// EventTypeIs returns a predicate keeping the events of one event_type.
func EventTypeIs(eventType string) Predicate {
	return func(e Event) bool { return e.EventType == eventType }
}

// All keeps every event.
func All(Event) bool { return true }

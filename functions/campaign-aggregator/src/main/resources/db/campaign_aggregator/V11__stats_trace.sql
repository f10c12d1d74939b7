-- The W3C traceparent of the latest view folded into a campaign's totals: its next stats event continues that
-- trace, so a page view can be followed from the pixel to the campaign stats (CloudEvents distributed tracing).
ALTER TABLE campaigns ADD COLUMN last_traceparent text;

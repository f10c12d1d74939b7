-- The W3C traceparent of the latest view counted on a page. Views and page events come on two topics, so a page's
-- views can be counted before the page joins its campaign; when it joins, the campaign's next stats event continues
-- the trace of the latest of the views folded in, as it does for views counted after.
ALTER TABLE pages ADD COLUMN last_traceparent text;

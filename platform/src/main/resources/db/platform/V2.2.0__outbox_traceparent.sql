-- the W3C trace context of the work that recorded the event: the relay sends later, on another thread, and its send
-- continues this trace (null for rows recorded outside any)
alter table outbox_event add column traceparent text;

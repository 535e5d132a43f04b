//! The body of an event stream response (Server-Sent Events): the events the [`Hub`] sends to
//! one open page, with a comment line when nothing was sent for a while, so that a page gone
//! away is noticed (the write fails) and nothing between closes the stream as idle.
//!
//! [`Hub`]: super::reload::Hub

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame};
use tokio::sync::mpsc::Receiver;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::{sleep, Instant, Sleep};

/// The first bytes of a stream: the browser reconnects one second after losing it.
const PREAMBLE: &str = "retry: 1000\n\n";
/// Sent when no event was sent for [`KEEP_ALIVE`].
const COMMENT: &str = ": keep-alive\n\n";
/// The longest silence on a stream.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The events of one page, as a response body; ends when the hub drops the page.
pub struct EventStream {
    events: Receiver<String>,
    started: bool,
    quiet: Pin<Box<Sleep>>,
    /// The place among the event streams this one takes, given back when it ends.
    _slot: OwnedSemaphorePermit,
}

impl EventStream {
    /// A stream of `events` holding `slot` until it ends.
    pub fn new(events: Receiver<String>, slot: OwnedSemaphorePermit) -> EventStream {
        EventStream {
            events,
            started: false,
            quiet: Box::pin(sleep(KEEP_ALIVE)),
            _slot: slot,
        }
    }

    fn send(&mut self, text: impl Into<Bytes>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.quiet.as_mut().reset(Instant::now() + KEEP_ALIVE);
        Poll::Ready(Some(Ok(Frame::data(text.into()))))
    }
}

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if !this.started {
            this.started = true;
            return this.send(PREAMBLE);
        }
        match this.events.poll_recv(cx) {
            Poll::Ready(Some(event)) => this.send(event),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match this.quiet.as_mut().poll(cx) {
                Poll::Ready(()) => this.send(COMMENT),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

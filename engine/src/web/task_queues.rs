//! An agent's task queues: HTML's event loop has one queue per task source
//! (<https://html.spec.whatwg.org/multipage/webappapis.html#task-source>) and
//! lets the user agent choose among them; here every task carries the
//! [`EventKey`] it got when it was queued (group clock, group sequence), and
//! the next task is the smallest key among the queues' fronts (keys are
//! unique; the source order below only breaks ties that cannot happen).
//! Oldest first across sources: no source starves another, and the agent's
//! choice is the same on every run. Timers are events of their own
//! (`timers.rs`), ordered by due time against these.

use std::collections::VecDeque;

use super::agent::Task;
use crate::runtime::clock::EventKey;

/// Where a task comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TaskSource {
    /// DOM manipulation: script elements, load events, and what has no
    /// source of its own yet.
    DomManipulation,
    /// Fetching and loading documents (an agent's start-up, navigation).
    Networking,
    /// `postMessage` and MessagePorts.
    PostedMessage,
}

const SOURCES: usize = 3;

/// One FIFO per task source.
#[derive(Default)]
pub(crate) struct TaskQueues {
    queues: [VecDeque<(EventKey, Task)>; SOURCES],
}

impl TaskQueues {
    pub fn push(&mut self, source: TaskSource, key: EventKey, task: Task) {
        self.queues[source as usize].push_back((key, task));
    }

    fn next_index(&self) -> Option<usize> {
        (0..SOURCES)
            .filter_map(|i| self.queues[i].front().map(|(k, _)| (*k, i)))
            .min()
            .map(|(_, i)| i)
    }

    /// The key of the task [`pop`](Self::pop) would return.
    pub fn next_key(&self) -> Option<EventKey> {
        self.next_index()
            .and_then(|i| self.queues[i].front().map(|(k, _)| *k))
    }

    /// The oldest task across sources.
    pub fn pop(&mut self) -> Option<Task> {
        let i = self.next_index()?;
        self.queues[i].pop_front().map(|(_, t)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_task_of_any_source_comes_first() {
        let key = |seq| EventKey { at: 0, seq };
        let mut q = TaskQueues::default();
        q.push(TaskSource::PostedMessage, key(1), Box::new(|_| {}));
        q.push(TaskSource::DomManipulation, key(2), Box::new(|_| {}));
        q.push(TaskSource::PostedMessage, key(3), Box::new(|_| {}));
        let mut order = Vec::new();
        while let Some(k) = q.next_key() {
            order.push(k.seq);
            assert!(q.pop().is_some());
        }
        assert_eq!(order, [1, 2, 3]);
    }
}

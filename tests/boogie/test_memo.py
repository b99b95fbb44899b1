import time

from boogie.memo import ExpiringMemo


def test_values_are_kept_for_their_seconds():
    memo = ExpiringMemo(0.05)
    memo.set("a", None)  # None is a value like any other
    memo.set("b", 2)
    assert "a" in memo and memo.get("a", "missing") is None
    assert memo.get("b") == 2 and "c" not in memo and memo.get("c", 0) == 0
    time.sleep(0.08)
    assert "a" not in memo and memo.get("b") is None


def test_forget_and_clear():
    memo = ExpiringMemo(60)
    memo.set(1)
    memo.set(2)
    memo.forget(1)
    memo.forget(3)  # not there: nothing to do
    assert 1 not in memo and 2 in memo
    memo.clear()
    assert 2 not in memo


def test_expired_entries_go_when_it_grows():
    memo = ExpiringMemo(0.01, size=3)
    for key in range(4):
        memo.set(key)
    time.sleep(0.03)
    memo.set("fresh")
    assert list(memo._entries) == ["fresh"]


def test_remember_builds_only_what_it_does_not_hold():
    memo = ExpiringMemo(0.05)
    built = []

    def build():
        built.append(1)
        return None  # kept like any other value

    assert memo.remember("a", build) is None
    assert memo.remember("a", build) is None and len(built) == 1
    time.sleep(0.08)
    memo.remember("a", build)
    assert len(built) == 2


def test_threads_can_share_it():
    """gthread workers share a process's memos: entries expiring while several threads add
    others are dropped once, without errors."""
    import sys
    import threading

    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
    try:
        memo = ExpiringMemo(0.0, size=5)
        errors = []

        def add(thread: int) -> None:
            try:
                for number in range(20_000):
                    memo.set((thread, number), number)
            except Exception as error:  # noqa: BLE001 - any error is the failure
                errors.append(error)

        threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switch_interval)
    assert errors == []

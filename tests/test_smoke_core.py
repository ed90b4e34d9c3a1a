from journal.models import Incident
from journal.session import Journal, Unlock


def test_create_add_reopen(journal, paths):
    saved = journal.repo.add(Incident(title="Post naming me"))
    journal.close()
    with Journal.open(paths, Unlock()) as again:
        assert again.repo.get(saved.id).title == "Post naming me"

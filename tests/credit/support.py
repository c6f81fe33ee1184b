"""What the credit tests share: a FIN case decided with a penalty, a record entered from it, and a
credit platform on loopback that fails its first answers."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from liandong.cases import actions as cases
from liandong.credit import actions
from tests.transfers.support import case_under_investigation

SUPPLIER = "泉州市鲤城区恒信建材有限公司"
SUPPLIER_CODE = "914403001922038216"  # a real, valid code (RULES.md §8)


def decided_case(cast, day=dt.date(2026, 11, 2), number="泉鲤政财〔2026〕5号"):
    """A FIN case with a supplier, decided with a penalty on ``day``."""
    case = case_under_investigation(cast, to="hearing")
    cases.add_party(
        case, role="supplier", name=SUPPLIER, uscc=SUPPLIER_CODE, acting_user=cast.fin_officer
    )
    return cases.move_case(
        case,
        "decide",
        decision_kind="penalty",
        decision_number=number,
        decision_date=day,
        acting_user=cast.fin_head,
    )


def record_values(**overrides):
    values = {
        "kind": "penalty",
        "subject_name": SUPPLIER,
        "subject_category": "法人及非法人组织",
        "subject_code": SUPPLIER_CODE,
        "legal_representative": "陈明",
        "decision_number": "泉鲤政财〔2026〕5号",
        "violation_type": "串通投标",
        "facts": "在某中学实验室设备采购项目中与其他供应商串通投标，投标文件由同一单位编制。",
        "basis": "《中华人民共和国政府采购法》第七十七条第一款第（三）项",
        "penalty_category": "罚款；禁止参加政府采购活动",
        "penalty_content": (
            "处采购金额千分之五的罚款，列入不良行为记录名单，一年内禁止参加政府采购活动"
        ),
        "fine": "19325.00",
        "decision_date": dt.date(2026, 11, 2),
        "ban_start": dt.date(2026, 11, 2),
        "ban_end": dt.date(2027, 11, 1),
        "severity": "serious",
    }
    values.update(overrides)
    return values


def entered(cast, case=None, user=None, **overrides):
    return actions.create_record(
        case=case, acting_user=user or cast.fin_officer, **record_values(**overrides)
    )


def reviewed(cast, **overrides):
    record = entered(cast, **overrides)
    record = actions.submit_record(record, acting_user=cast.fin_officer)
    return actions.review_record(record, acting_user=cast.drc_liaison)


class Platform:
    """A credit platform on 127.0.0.1 that answers ``failures`` times with ``status`` (or
    hangs past the client's timeout when ``status`` is None), then 200."""

    def __init__(self, failures=2, status=500, hang=0.0):
        self.failures, self.status, self.hang = failures, status, hang
        self.requests: list[dict] = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                platform.requests.append({"key": self.headers.get("Idempotency-Key"), "body": body})
                if len(platform.requests) <= platform.failures:
                    if platform.status is None:
                        threading.Event().wait(platform.hang)
                        return
                    self.send_response(platform.status)
                else:
                    self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/credit/penalties"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

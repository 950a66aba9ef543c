"""Correct layers for the probes of a net: computed here, in the grader; student code only gets numbers.

A net is graded on its own code, with correct layers in place of the student's (the
layers have parts of their own: a bug is charged once). The correct layers must not
be readable by student code, so they never go into the sandbox: while a part's
probes run, autograder/sandbox/stand_ins.py's correct_layers() replaces the student's
layer functions with stand-ins that send their inputs through a pipe to this
process (a LayerServer per part), which runs the reference layers and sends back
the outputs.

The server also records every call (which layer, its parameters, its input and
output arrays, the dropout masks it drew), one log per probe: the checks read from
it where the net applied dropout or normalization, with which dropout_param and
bn_param, in which mode, and they replay the same masks in the reference net.
"""
import json
import os
import selectors
import time

import numpy as np

from ..sandbox.protocol import SERVED_LAYERS, read_message, write_message

MAX_CALLS, MAX_LOGGED_BYTES = 100_000, 200_000_000


class RequestRefused(Exception):
    """A request the oracle refuses (malformed, or from code abusing the channel)."""


class LayerServer:
    def __init__(self, layers, rng_seed, served):
        self.layers = layers  # the reference package's layers module
        self.served = tuple(served)  # the layers this part's probes may call (CORRECT_LAYERS of the part)
        self.rng = np.random.RandomState(rng_seed)
        self.caches = []  # the reference caches of normalization layers; the student's net holds their index
        self.logs = {}  # {probe: [{"layer", "params", "inputs": arrays, "outputs": arrays}]}
        self.probe = None
        self.calls = self.logged_bytes = 0

    # ---------------------------------------------------------------- one request
    def handle(self, request):
        """The response (a dict of arrays) to one request from the sandbox."""
        kind = str(request.get("call", ""))
        params = json.loads(str(request.get("params", "{}")))
        if not isinstance(params, dict):
            raise RequestRefused("malformed parameters")
        if kind == "probe":  # the probe runner starts a probe: a new log
            self.probe = str(params.get("name"))[:100]
            self.logs[self.probe] = []
            return {}
        if kind not in SERVED_LAYERS or self.probe is None:
            raise RequestRefused(f"unknown request {kind[:50]!r}")
        if kind not in self.served:  # e.g. the layer this part grades: the student's own must compute it
            raise RequestRefused(f"{kind} is not one of the grader's layers for this part")
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise RequestRefused("too many layer calls")
        self.logged_bytes += sum(value.nbytes for value in request.values())
        if self.logged_bytes > MAX_LOGGED_BYTES:
            raise RequestRefused("too much data sent to the layers")
        inputs = {name: request[name] for name in SERVED_LAYERS[kind][0] if name in request}
        try:
            outputs = getattr(self, kind)(params=params, **inputs)
        except (ValueError, TypeError, IndexError, KeyError, ZeroDivisionError) as exc:
            # Wrong shapes or parameters from the student's net: the layer raises there, as the student's would.
            return {"error": np.array(f"{type(exc).__name__}: {exc}"[:500])}
        if "token" in outputs:  # which forward pass a normalization backward pass belongs to
            params = {**params, "token": int(outputs["token"])}
        self.logs[self.probe].append({"layer": kind, "params": params, "inputs": inputs,
                                      "outputs": {name: value for name, value in outputs.items() if name != "token"}})
        return outputs

    # ---------------------------------------------------------------- the layers
    def affine_forward(self, params, x, w, b):
        return {"out": self.layers.affine_forward(x, w, b)[0]}

    def affine_backward(self, params, dout, x, w, b):
        dx, dw, db = self.layers.affine_backward(dout, (x, w, b))
        return {"dx": dx, "dw": dw, "db": db}

    def relu_forward(self, params, x):
        return {"out": self.layers.relu_forward(x)[0]}

    def relu_backward(self, params, dout, x):
        return {"dx": self.layers.relu_backward(dout, x)}

    def dropout_forward(self, params, x):
        if params.get("mode") != "train":
            return {"out": x}
        p = float(params["p"])
        # A seed in dropout_param fixes the mask, as the docstring says; otherwise the oracle's own stream.
        rng = np.random.RandomState(int(params["seed"]) % 2**32) if params.get("seed") is not None else self.rng
        mask = ((rng.rand(*x.shape) < p) / p).astype(x.dtype)
        return {"out": x * mask, "mask": mask}

    def dropout_backward(self, params, dout, mask=None):
        return {"dx": dout if params.get("mode") != "train" else dout * mask}

    def _normalize(self, forward, params, x, gamma, beta, **running):
        layer_param = {key: params[key] for key in ("mode", "eps", "momentum") if key in params}
        # Running averages of another width (a bn_param shared between layers) are set aside rather than crash
        # the net: the check of the running averages names the mistake, the other checks can still run.
        layer_param.update({key: value for key, value in running.items() if value.shape == x.shape[1:]})
        out, cache = forward(x, gamma, beta, layer_param)
        outputs = {"out": out, **{key: layer_param[key] for key in ("running_mean", "running_var")
                                  if key in layer_param}}
        if cache is not None:
            self.caches.append(cache)
            outputs["token"] = np.int64(len(self.caches) - 1)
        return outputs

    def batchnorm_forward(self, params, x, gamma, beta, **running):
        return self._normalize(self.layers.batchnorm_forward, params, x, gamma, beta, **running)

    def layernorm_forward(self, params, x, gamma, beta):
        return self._normalize(self.layers.layernorm_forward, params, x, gamma, beta)

    def _normalize_backward(self, backward, params, dout):
        token = int(params.get("token", -1))
        if not 0 <= token < len(self.caches):
            raise RequestRefused("a normalization backward pass got a cache that no forward pass of the grader made")
        dx, dgamma, dbeta = backward(dout, self.caches[token])
        return {"dx": dx, "dgamma": dgamma, "dbeta": dbeta}

    def batchnorm_backward(self, params, dout):
        return self._normalize_backward(self.layers.batchnorm_backward, params, dout)

    def batchnorm_backward_alt(self, params, dout):
        return self._normalize_backward(self.layers.batchnorm_backward, params, dout)

    def layernorm_backward(self, params, dout):
        return self._normalize_backward(self.layers.layernorm_backward, params, dout)

    def save(self, folder):
        """Every probe's calls, for the checks: layers.json (the calls and their parameters) and
        <probe>.npz (their arrays, as <call number>/<inputs|outputs>/<name>)."""
        folder.mkdir(parents=True, exist_ok=True)
        calls = {probe: [{"layer": call["layer"], "params": call["params"]} for call in log]
                 for probe, log in self.logs.items()}
        (folder / "layers.json").write_text(json.dumps(calls))
        for probe, log in self.logs.items():
            arrays = {f"{number}/{side}/{name}": value for number, call in enumerate(log)
                      for side in ("inputs", "outputs") for name, value in call[side].items()}
            with open(folder / f"{probe}.npz", "wb") as f:
                np.savez(f, **arrays)


def serve(process, channels, deadline):
    """Answer the requests of the sandboxed process on every channel until it exits or the deadline passes.

    channels: {part: (oracle, requests fd, responses fd)}; the fds are closed on return. Only one part runs at
    a time, and the sandbox closes a part's pipes when the part has ended: a part that dies in the middle of a
    message, or stops reading, holds up the grader no longer than that. A request the oracle refuses closes
    the part's channel: its later layer calls fail at once. Returns {part: the reason its channel was refused}.
    """
    refused = {}
    selector = selectors.DefaultSelector()
    for part, (_, requests, responses) in channels.items():
        os.set_blocking(responses, False)
        selector.register(requests, selectors.EVENT_READ, part)
    try:
        while process.poll() is None and selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            for key, _ in selector.select(timeout=min(remaining, 0.5)):
                oracle, requests, responses = channels[key.data]
                try:
                    request = read_message(requests, deadline)
                    if request is not None:
                        write_message(responses, oracle.handle(request), deadline)
                        continue
                except (EOFError, BrokenPipeError, TimeoutError):  # the part ended, or time is up
                    pass
                except (RequestRefused, ValueError, KeyError, TypeError, OSError) as exc:
                    refused[key.data] = f"the grader's layers refused a request ({exc})"
                selector.unregister(requests)
                os.close(responses)
    finally:
        for key in list(selector.get_map().values()):
            os.close(channels[key.data][2])
        selector.close()
        for _, requests, _ in channels.values():
            os.close(requests)
    return refused

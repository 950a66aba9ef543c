"""Solver: trains a classification model with minibatch gradient descent."""
import base64
import json
import os
import pickle
import zipfile

import numpy as np

from . import optim
from .data_utils import data_fingerprint

# Keys of the experiment logs written by Solver.record_histories_as_npz.
HISTORY_KEYS = ("loss_history", "train_acc_history", "val_acc_history")


class Solver:
    """Trains a classification model and records its loss and accuracies.

    The model must provide:
    - model.params: dict mapping parameter names to arrays
    - model.loss(X, y): (loss, grads) when y is given, with grads having the keys
      of model.params; class scores of shape (N, C) when y is None
    and may provide model.config, a dict of its hyperparameters, which is written
    into the experiment logs.

    Example:
        data = {'X_train': ..., 'y_train': ..., 'X_val': ..., 'y_val': ...}
        model = FullyConnectedNet([100], reg=1e-3)
        solver = Solver(model, data, update_rule='adam',
                        optim_config={'learning_rate': 1e-3},
                        num_epochs=10, batch_size=100, seed=231)
        solver.train()
        solver.record_histories_as_npz('submission_logs/my_run.npz')

    After train() returns, model.params holds the parameters with the best
    validation accuracy, and these attributes describe the run:
    - loss_history: training loss of every iteration
    - train_acc_history, val_acc_history: accuracies after the first iteration
      and at the end of every epoch (num_epochs + 1 values)
    - best_val_acc, best_params, best_check (the index of the best accuracies)
    - last_state: the model's parameters (and normalization running averages)
      at the end of training, best_state the same at the best check
    """

    def __init__(self, model, data, **kwargs):
        """Construct a new Solver.

        Required arguments:
        - model: a model object as described above
        - data: dict with X_train (N_train, ...), y_train (N_train,), X_val (N_val, ...)
          and y_val (N_val,)

        Optional arguments:
        - update_rule: name of an update rule in optim.py (default 'sgd')
        - optim_config: dict of hyperparameters for the update rule; every
          parameter gets its own copy
        - lr_decay: the learning rate is multiplied by this after each epoch
        - batch_size: size of the minibatches
        - num_epochs: number of epochs to train for
        - num_train_samples: number of training examples the training accuracy is
          measured on (a random subset when the set is larger; None = all)
        - num_val_samples: the same for validation accuracy (None = all)
        - checkpoint_name: if not None, pickle a checkpoint to
          '<checkpoint_name>_epoch_<k>.pkl' after every epoch
        - print_every: print the training loss every print_every iterations
        - verbose: if False, print nothing
        - seed: if not None, train() starts with np.random.seed(seed), so the
          minibatches and dropout masks of a run can be reproduced; it is written
          into the experiment log (without a seed, the state of numpy's random
          generator at the start of train() is written instead)
        """
        self.model = model
        self.X_train = data["X_train"]
        self.y_train = data["y_train"]
        self.X_val = data["X_val"]
        self.y_val = data["y_val"]

        self.update_rule = kwargs.pop("update_rule", "sgd")
        self.optim_config = kwargs.pop("optim_config", {})
        self.lr_decay = kwargs.pop("lr_decay", 1.0)
        self.batch_size = kwargs.pop("batch_size", 100)
        self.num_epochs = kwargs.pop("num_epochs", 10)
        self.num_train_samples = kwargs.pop("num_train_samples", 1000)
        self.num_val_samples = kwargs.pop("num_val_samples", None)
        self.checkpoint_name = kwargs.pop("checkpoint_name", None)
        self.print_every = kwargs.pop("print_every", 10)
        self.verbose = kwargs.pop("verbose", True)
        self.seed = kwargs.pop("seed", None)

        if kwargs:
            raise ValueError("Unrecognized arguments: " + ", ".join(f'"{k}"' for k in kwargs))
        if isinstance(self.update_rule, str):
            if not hasattr(optim, self.update_rule):
                raise ValueError(f'Invalid update_rule "{self.update_rule}"')
            self.update_rule = getattr(optim, self.update_rule)
        self._initial_optim_config = dict(self.optim_config)

        self._reset()

    def _reset(self):
        """Set up the bookkeeping of a new run. Called by __init__, not by hand."""
        self.epoch = 0
        self.best_val_acc = 0
        self.best_params = {}
        self.best_check, self.best_state, self.last_state = None, None, None
        self.check_states = []  # numpy's random state at every accuracy check, before it
        self.loss_history = []
        self.train_acc_history = []
        self.val_acc_history = []
        # Each parameter gets its own copy of optim_config, which holds its state.
        self.optim_configs = {p: dict(self.optim_config) for p in self.model.params}

    def _step(self):
        """One gradient update on a random minibatch. Called by train()."""
        num_train = self.X_train.shape[0]
        batch_mask = np.random.choice(num_train, self.batch_size)
        X_batch = self.X_train[batch_mask]
        y_batch = self.y_train[batch_mask]

        loss, grads = self.model.loss(X_batch, y_batch)
        self.loss_history.append(float(loss))

        for p, w in self.model.params.items():
            next_w, next_config = self.update_rule(w, grads[p], self.optim_configs[p])
            self.model.params[p] = next_w
            self.optim_configs[p] = next_config

    def _save_checkpoint(self):
        if self.checkpoint_name is None:
            return
        checkpoint = {
            "model": self.model,
            "update_rule": self.update_rule,
            "lr_decay": self.lr_decay,
            "optim_config": self.optim_config,
            "batch_size": self.batch_size,
            "num_train_samples": self.num_train_samples,
            "num_val_samples": self.num_val_samples,
            "epoch": self.epoch,
            "loss_history": self.loss_history,
            "train_acc_history": self.train_acc_history,
            "val_acc_history": self.val_acc_history,
        }
        filename = f"{self.checkpoint_name}_epoch_{self.epoch}.pkl"
        if self.verbose:
            print(f'Saving checkpoint to "{filename}"')
        with open(filename, "wb") as f:
            pickle.dump(checkpoint, f)

    def check_accuracy(self, X, y, num_samples=None, batch_size=500, measure=True):
        """Accuracy of the model on the given data.

        Inputs:
        - X: data, shape (N, d_1, ..., d_k)
        - y: labels, shape (N,)
        - num_samples: if not None and N is larger, measure on a random subset of
          this many examples
        - batch_size: examples per forward pass
        - measure: if False, only draw the subset and return NaN

        Returns:
        - acc: fraction of examples the model classifies correctly
        """
        N = X.shape[0]
        if num_samples is not None and N > num_samples:
            mask = np.random.choice(N, num_samples)
            N = num_samples
            X = X[mask]
            y = y[mask]
        if not measure:
            return float("nan")

        y_pred = []
        for start in range(0, N, batch_size):
            scores = self.model.loss(X[start : start + batch_size])
            y_pred.append(np.argmax(scores, axis=1))
        return float(np.mean(np.hstack(y_pred) == y))

    def train(self):
        """Run the optimization."""
        if self.seed is not None:
            np.random.seed(self.seed)
        else:  # where numpy's random numbers started, so that the run can be replayed
            self.random_state = random_state()
        self._iterate()
        self.model.params = self.best_params

    def replay(self, iterations, state=None, validation=True):
        """Run the first iterations of train() again (iterations=None: all of them) and return the histories they
        record.

        The grader uses it to check that an experiment log came from the code it was
        submitted with: the same code, settings, data and random state give the same
        losses and accuracies. state: the random state a run without a seed started
        from (as its log recorded it). validation=False: the validation accuracies
        after the first check are not measured (NaN; the random numbers are drawn as
        in train()), where a long replay needs only the losses and training accuracies.
        """
        if self.seed is not None:
            np.random.seed(self.seed)
        elif state is not None:
            set_random_state(state)
        self._iterate(stop=iterations, validation=validation)
        return self.loss_history, self.train_acc_history, self.val_acc_history

    def _iterate(self, stop=None, validation=True):
        """The loop of train(), for all its iterations or the first `stop` ones (validation: see replay)."""
        num_train = self.X_train.shape[0]
        iterations_per_epoch = max(num_train // self.batch_size, 1)
        num_iterations = self.num_epochs * iterations_per_epoch

        for t in range(num_iterations if stop is None else min(stop, num_iterations)):
            self._step()

            if self.verbose and t % self.print_every == 0:
                print(f"(Iteration {t + 1} / {num_iterations}) loss: {self.loss_history[-1]:f}")

            epoch_end = (t + 1) % iterations_per_epoch == 0
            if epoch_end:
                self.epoch += 1
                for config in self.optim_configs.values():
                    config["learning_rate"] *= self.lr_decay

            # Accuracies are measured after the first iteration, at the end of every
            # epoch, and after the last iteration.
            if t == 0 or t == num_iterations - 1 or epoch_end:
                self.check_states.append(random_state())
                train_acc = self.check_accuracy(self.X_train, self.y_train, num_samples=self.num_train_samples)
                val_acc = self.check_accuracy(self.X_val, self.y_val, num_samples=self.num_val_samples,
                                              measure=validation or t == 0)
                self.train_acc_history.append(train_acc)
                self.val_acc_history.append(val_acc)
                self._save_checkpoint()

                if self.verbose:
                    print(f"(Epoch {self.epoch} / {self.num_epochs}) train acc: {train_acc:f}; val_acc: {val_acc:f}")

                if val_acc > self.best_val_acc:
                    self.best_val_acc = val_acc
                    self.best_params = {k: v.copy() for k, v in self.model.params.items()}
                    self.best_check, self.best_state = len(self.val_acc_history) - 1, model_state(self.model)
        self.last_state = model_state(self.model)

    def audit(self, state, next_loss=True):
        """Measure again what the run recorded at an accuracy check, for the model's current parameters (those the
        run had there) and numpy's random state recorded before that check: the training accuracy (on the same
        subsample), the validation accuracy, and the loss of the next iteration's minibatch (next_loss=False, as
        after the last check: None).

        The grader uses it to check that the parameters a log records achieve the numbers the log claims.
        """
        set_random_state(state)
        train_acc = self.check_accuracy(self.X_train, self.y_train, num_samples=self.num_train_samples)
        val_acc = self.check_accuracy(self.X_val, self.y_val, num_samples=self.num_val_samples)
        loss = None
        if next_loss:
            batch_mask = np.random.choice(self.X_train.shape[0], self.batch_size)
            loss = float(self.model.loss(self.X_train[batch_mask], self.y_train[batch_mask])[0])
        return train_acc, val_acc, loss

    def training_loss(self, num_samples=1000, batch_size=500):
        """The mean softmax loss of the model's current parameters on the first num_samples training examples (in
        test mode: no dropout, the running averages of normalization)."""
        total, N = 0.0, min(num_samples, self.X_train.shape[0])
        for start in range(0, N, batch_size):
            X, y = self.X_train[start:min(start + batch_size, N)], self.y_train[start:min(start + batch_size, N)]
            scores = np.asarray(self.model.loss(X), dtype=np.float64)
            shifted = scores - scores.max(axis=1, keepdims=True)
            log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            total -= log_probs[np.arange(len(y)), y].sum()
        return total / N

    def run_config(self):
        """The settings of this run, as written into its experiment log."""
        update_rule = getattr(self.update_rule, "__name__", str(self.update_rule))
        return {
            "model": dict(getattr(self.model, "config", {})),
            "update_rule": update_rule,
            "optim_config": {k: v for k, v in self._initial_optim_config.items() if np.isscalar(v)},
            "lr_decay": float(self.lr_decay),
            "batch_size": int(self.batch_size),
            "num_epochs": int(self.num_epochs),
            "num_train_samples": self.num_train_samples,
            "num_val_samples": self.num_val_samples,
            "seed": self.seed,
            "random_state": getattr(self, "random_state", None),
            "num_train": int(self.X_train.shape[0]),
            "num_val": int(self.X_val.shape[0]),
            "data_fingerprint": data_fingerprint(self.X_train, self.y_train, self.X_val, self.y_val),
            "check_states": self.check_states,
        }

    def record_histories_as_npz(self, path, params="last"):
        """Write the loss and accuracy histories, the run's settings and the parameters behind its claims to an
        .npz file.

        The file holds the arrays loss_history, train_acc_history and
        val_acc_history, 'config' (a JSON string of run_config(), with the
        random state at every accuracy check), and the model's parameters
        under 'params/<name>' (as float16 where it holds them; normalization
        running averages under 'running/<layer>/<name>'): those at the end of training (params="last")
        or those of the best validation accuracy (params="best"), so that a
        grader can measure again the accuracies the log claims for them. It
        loads with np.load(path, allow_pickle=False), and the same run always
        writes the same bytes.
        """
        if params not in ("last", "best"):
            raise ValueError(f'params must be "last" or "best", got {params!r}')
        state = self.last_state if params == "last" else self.best_state
        if state is None:
            raise ValueError("record_histories_as_npz needs a finished run: call solver.train() first")
        arrays = {key: np.asarray(getattr(self, key), dtype=np.float64) for key in HISTORY_KEYS}
        config = self.run_config()
        config["recorded_params"] = {"which": params,
                                     "check": len(self.val_acc_history) - 1 if params == "last" else self.best_check}
        arrays["config"] = np.array(json.dumps(config, sort_keys=True))
        arrays.update({key: compact(value) if key.startswith("params/") else np.asarray(value, dtype=np.float32)
                       for key, value in state.items()})
        save_npz(path, arrays, compress=True)


def compact(array):
    """A parameter array as float16 (half the size of float32: a log stays small enough to upload; the accuracies it
    gives move by a few images at most, within the grader's tolerance), or float32 where float16 cannot hold it."""
    half = np.asarray(array, dtype=np.float16)
    return half if np.all(np.isfinite(half) | ~np.isfinite(array)) else np.asarray(array, dtype=np.float32)


def model_state(model):
    """{'params/<name>': array, 'running/<layer>/<name>': array}: the model's parameters and the running averages of
    its normalization layers (model.bn_params), copied."""
    state = {f"params/{name}": np.array(value) for name, value in model.params.items()}
    for layer, bn_param in enumerate(getattr(model, "bn_params", None) or []):
        for key in ("running_mean", "running_var"):
            if isinstance(bn_param, dict) and bn_param.get(key) is not None:
                state[f"running/{layer}/{key}"] = np.array(bn_param[key])
    return state


def set_model_state(model, arrays):
    """Give the model the parameters and running averages of a state (model_state's keys), in the dtypes and shapes
    of the model's own parameters."""
    for key, value in arrays.items():
        kind, _, name = key.partition("/")
        if kind == "params":
            current = model.params.get(name)
            shape = np.shape(current) if current is not None and np.size(current) == value.size else value.shape
            dtype = getattr(current, "dtype", None) or getattr(model, "dtype", np.float64)
            model.params[name] = value.astype(dtype).reshape(shape)
        elif kind == "running":
            layer, _, what = name.partition("/")
            bn_params = getattr(model, "bn_params", None) or []
            if int(layer) < len(bn_params):
                bn_params[int(layer)][what] = value.astype(getattr(model, "dtype", np.float64))


def random_state():
    """The state of numpy's global random number generator, as JSON-friendly values.

    Models record it before they draw their weights, and the Solver before a run
    without a seed: with it a grader can rebuild a model or replay a run exactly.
    """
    _, keys, position, has_gauss, cached_gaussian = np.random.get_state()
    return {"keys": base64.b64encode(np.asarray(keys, dtype="<u4").tobytes()).decode("ascii"), "pos": int(position),
            "has_gauss": int(has_gauss), "cached_gaussian": float(cached_gaussian)}


def set_random_state(state):
    """Restore a state that random_state() returned."""
    keys = np.frombuffer(base64.b64decode(state["keys"]), dtype="<u4")
    np.random.set_state(("MT19937", keys, int(state["pos"]), int(state["has_gauss"]), float(state["cached_gaussian"])))


def save_npz(path, arrays, compress=False):
    """Save a dict of arrays like np.savez, but byte-identical for identical arrays.

    np.savez stamps each member with the current time; this writes a fixed one.
    Object arrays are refused, so the file always loads with allow_pickle=False.
    """
    directory = os.path.dirname(path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    compression = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for key, value in arrays.items():
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = compression
            with zf.open(info, "w") as f:
                np.lib.format.write_array(f, np.asarray(value), allow_pickle=False)

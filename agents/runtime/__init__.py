"""The agents' runtime: the chat-model protocol and its models, the MCP bridge and the tool loop.

- `ChatModel`: the one protocol every model implements (`OpenAIChatModel`, `ReplayModel`,
  `RecordingModel`, the offline model); `TokenMeter` / `MeteredModel` count tokens per agent.
- `McpToolbox`: our MCP servers' tools for a model, per-agent allow-lists, one session per server.
- `run_tool_loop`: assistant turn -> tool calls -> tool results -> ... -> answer.

Set `ZHANGGUI_ALLOW_MODEL_REQUESTS=0` (or use `override_allow_model_requests(False)`) to make any
network model request fail fast, as test suites should.
"""

from typing import TYPE_CHECKING, Any

from agents.runtime.bridge import KIND_META, RISK_META, HttpTarget, McpToolbox, Target, ToolInfo, ToolOutcome
from agents.runtime.chat import (
    ALLOW_ENV,
    ChatModel,
    FunctionModel,
    MeteredModel,
    TokenMeter,
    ToolChoice,
    check_model_requests_allowed,
    model_requests_allowed,
    override_allow_model_requests,
)
from agents.runtime.errors import AgentRuntimeError, ModelError, ModelRequestsForbidden, ReplayError, ToolboxError
from agents.runtime.loop import LoopResult, Toolbox, ToolCallRecord, run_tool_loop
from agents.runtime.messages import (
    Message,
    ModelTurn,
    Role,
    ToolCall,
    ToolSpec,
    Usage,
    from_openai_message,
    parse_tool_arguments,
    to_openai_message,
)
from agents.runtime.replay import RecordedTurn, RecordingModel, ReplayModel, load_recording
from agents.runtime.settings import LLMSettings

if TYPE_CHECKING:
    from agents.runtime.openai_model import OpenAIChatModel

__all__ = [
    "ALLOW_ENV",
    "KIND_META",
    "RISK_META",
    "AgentRuntimeError",
    "ChatModel",
    "FunctionModel",
    "HttpTarget",
    "LLMSettings",
    "LoopResult",
    "McpToolbox",
    "Message",
    "MeteredModel",
    "ModelError",
    "ModelRequestsForbidden",
    "ModelTurn",
    "OpenAIChatModel",
    "RecordedTurn",
    "RecordingModel",
    "ReplayError",
    "ReplayModel",
    "Role",
    "Target",
    "TokenMeter",
    "ToolCall",
    "ToolCallRecord",
    "ToolChoice",
    "ToolInfo",
    "ToolOutcome",
    "ToolSpec",
    "Toolbox",
    "ToolboxError",
    "Usage",
    "check_model_requests_allowed",
    "from_openai_message",
    "load_recording",
    "model_requests_allowed",
    "override_allow_model_requests",
    "parse_tool_arguments",
    "run_tool_loop",
    "to_openai_message",
]


def __getattr__(name: str) -> Any:
    # The openai SDK takes seconds to import; the offline and replay paths never need it.
    if name == "OpenAIChatModel":
        from agents.runtime.openai_model import OpenAIChatModel

        return OpenAIChatModel
    raise AttributeError(f"module 'agents.runtime' has no attribute {name!r}")

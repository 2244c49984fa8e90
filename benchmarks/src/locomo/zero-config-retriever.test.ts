import { describe, expect, it } from "vitest";
import type { LocomoConversation } from "./locomo-types.js";
import { naturalShape, sessionDate, sessionMessages } from "./zero-config-retriever.js";

const conversation: LocomoConversation = {
  sampleId: "conv-x",
  speakers: ["Ana", "Ben"],
  sessions: [
    {
      number: 1,
      dateTime: "1:56 pm on 8 May, 2023",
      turns: [
        { diaId: "D1:1", speaker: "Ana", text: "Hi Ben!" },
        { diaId: "D1:2", speaker: "Ben", text: "Hey Ana." },
      ],
    },
  ],
  questions: [],
};

describe("zero-config messages", () => {
  it("reads LoCoMo session dates, morning and afternoon, and refuses unreadable ones", () => {
    expect(sessionDate("1:56 pm on 8 May, 2023")?.toISOString()).toBe("2023-05-08T13:56:00.000Z");
    expect(sessionDate("12:09 am on 13 September, 2023")?.toISOString()).toBe("2023-09-13T00:09:00.000Z");
    expect(sessionDate("sometime in May")).toBeUndefined();
    expect(sessionDate(undefined)).toBeUndefined();
  });

  it("passes the turn's own text with name, id and date, and alternates roles when asked", () => {
    const session = conversation.sessions[0]!;
    expect(sessionMessages(conversation, session, naturalShape)).toEqual([
      {
        role: "user",
        content: "Hi Ben!",
        id: "D1:1",
        name: "Ana",
        timestamp: new Date("2023-05-08T13:56:00Z"),
      },
      {
        role: "user",
        content: "Hey Ana.",
        id: "D1:2",
        name: "Ben",
        timestamp: new Date("2023-05-08T13:56:00Z"),
      },
    ]);
    const bare = { roles: "alternating", names: false, timestamps: false, perCall: "session" } as const;
    expect(sessionMessages(conversation, session, bare)).toEqual([
      { role: "user", content: "Hi Ben!", id: "D1:1" },
      { role: "assistant", content: "Hey Ana.", id: "D1:2" },
    ]);
  });
});

-- CreateTable
CREATE TABLE "BoardCheckpoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "boardId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "data" BLOB NOT NULL,
    CONSTRAINT "BoardCheckpoint_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Interview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "boardId" TEXT NOT NULL,
    "interviewerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "templateSlug" TEXT,
    "customPrompt" TEXT,
    "phases" TEXT NOT NULL,
    "clock" TEXT NOT NULL,
    "revealedHints" TEXT NOT NULL DEFAULT '[]',
    "candidateName" TEXT,
    "candidateCopyBoardId" TEXT,
    "candidateCopyShareToken" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Interview_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Interview_interviewerId_fkey" FOREIGN KEY ("interviewerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InterviewInvite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "interviewId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "claimedAt" DATETIME,
    "claimedBy" TEXT,
    CONSTRAINT "InterviewInvite_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InterviewNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "interviewId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "atMs" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InterviewNote_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InterviewNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InterviewScorecard" (
    "interviewId" TEXT NOT NULL PRIMARY KEY,
    "data" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "InterviewScorecard_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "BoardCheckpoint_boardId_at_idx" ON "BoardCheckpoint"("boardId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Interview_boardId_key" ON "Interview"("boardId");

-- CreateIndex
CREATE INDEX "Interview_interviewerId_createdAt_idx" ON "Interview"("interviewerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "InterviewInvite_tokenHash_key" ON "InterviewInvite"("tokenHash");

-- CreateIndex
CREATE INDEX "InterviewInvite_interviewId_idx" ON "InterviewInvite"("interviewId");

-- CreateIndex
CREATE INDEX "InterviewNote_interviewId_createdAt_idx" ON "InterviewNote"("interviewId", "createdAt");

